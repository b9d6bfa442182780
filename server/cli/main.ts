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

/**
 * Exits once stdout and stderr have taken everything written to them. `process.exit()` right after a large
 * `console.log` drops whatever a pipe has not taken yet (`leadline extract cases.json | wc -c` stopped at
 * 64 KB, the pipe's buffer). Exiting explicitly still matters: a command may leave handles open.
 */
async function exit(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([process.stdout, process.stderr].map(drained));
  process.exit(code);
}

/** Resolves when everything written so far has been handed to the OS (or the reader went away: EPIPE). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}

/** Runs the command line; the exit code. */
async function main([name, ...rest]: string[]): Promise<number> {
  const command = commands.find((c) => c.name === name);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return 0;
  }
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${HELP}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    });
    if ((values as { help?: boolean }).help) {
      console.log(`Usage: leadline ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    return (await command.run(values as Record<string, string | boolean | undefined>, positionals)) ?? 0;
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof ZodError)
      console.error(err.issues.map((i) => `--${String(i.path[0] ?? 'input')}: ${i.message}`).join('\n'));
    else if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      console.error(`${(err as Error).message}\nUsage: leadline ${command.usage}`);
    else console.error(`leadline ${name}: ${(err as Error).message}`);
    return 1;
  }
}

await exit(await main(process.argv.slice(2)));
