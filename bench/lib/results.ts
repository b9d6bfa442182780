import { writeFileSync } from 'node:fs';
import { machine } from './machine.ts';

/** Writes a bench's section (its lines plus the machine) next to the script, and prints it. */
export function writeSection(scriptUrl: string, lines: string[]): void {
  const md = [...lines, '', `Machine: ${machine()}`, ''].join('\n');
  writeFileSync(new URL('./RESULTS.part.md', scriptUrl), md);
  console.log(md);
}

export const latencyTable = (
  rows: [string, { rps: number; p50: number; p99: number; errors: number; non2xx: number }][],
) => [
  '| route | req/s | p50 ms | p99 ms | errors | non-2xx |',
  '|---|---|---|---|---|---|',
  ...rows.map(([name, s]) => `| ${name} | ${s.rps} | ${s.p50} | ${s.p99} | ${s.errors} | ${s.non2xx} |`),
];
