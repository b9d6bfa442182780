/**
 * `npm run bench`: runs every benchmark (or those named: `npm run bench -- http voice-webhook`) and
 * assembles bench/RESULTS.md from each one's RESULTS.part.md. `--compose` only assembles.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machine } from './lib/machine.ts';

const here = import.meta.dirname;
const ORDER = [
  'startup',
  'http',
  'voice-webhook',
  'media-relay',
  'extraction',
  'crm-sync',
  'widget',
  'retention',
  'webhooks',
  'console',
  'campaigns',
];
const args = process.argv.slice(2);
const compose = args.includes('--compose');
const chosen = args.filter((a) => !a.startsWith('--'));

if (!compose) {
  for (const name of chosen.length ? chosen : ORDER) {
    const script = path.join(here, name, 'run.ts');
    if (!existsSync(script)) continue;
    console.log(`\n=== bench/${name}`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
      stdio: 'inherit',
      cwd: path.resolve(here, '..'),
    });
    if (r.status !== 0) console.error(`bench/${name} exited with ${r.status}`);
  }
}

const parts = ORDER.map((n) => path.join(here, n, 'RESULTS.part.md'))
  .filter(existsSync)
  .map((p) => readFileSync(p, 'utf8').trim());
const intro = existsSync(path.join(here, 'NOTES.md'))
  ? readFileSync(path.join(here, 'NOTES.md'), 'utf8').trim() + '\n\n'
  : '';
writeFileSync(
  path.join(here, 'RESULTS.md'),
  `# Benchmark results\n\nProduced by \`npm run bench\` (each section by \`bench/<name>/run.ts\`). Assembled on: ${machine()}.\n\n${intro}${parts.join('\n\n')}\n`,
);
console.log(`\nwrote bench/RESULTS.md (${parts.length} sections)`);
