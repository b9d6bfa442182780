import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { ConfigError } from '../config.ts';
import { commands } from './commands.ts';

const HELP = `leadline — AI receptionist service

Usage: leadline <command> [options]

Commands:
${commands.map((c) => `  ${c.usage}\n      ${c.summary}`).join('\n')}

Uses DATABASE_URL, or the embedded PostgreSQL under ./.data/ (shared with a running server).
`;

const [name, ...rest] = process.argv.slice(2);
const command = commands.find((c) => c.name === name);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  console.log(HELP);
  process.exit(0);
}
if (!command) {
  console.error(`Unknown command "${name}".\n\n${HELP}`);
  process.exit(2);
}
try {
  const { values, positionals } = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  if ((values as { help?: boolean }).help) {
    console.log(`Usage: leadline ${command.usage}\n\n${command.summary}`);
    process.exit(0);
  }
  const code = await command.run(values as Record<string, string | boolean | undefined>, positionals);
  process.exit(code ?? 0);
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else if (err instanceof ZodError) console.error(err.issues.map((i) => `--${String(i.path[0] ?? 'input')}: ${i.message}`).join('\n'));
  else if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`${(err as Error).message}\nUsage: leadline ${command.usage}`);
  else console.error(`leadline ${name}: ${(err as Error).message}`);
  process.exit(1);
}
