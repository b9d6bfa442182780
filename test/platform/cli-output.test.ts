/**
 * The CLI's output survives a pipe: `leadline extract cases.json | …` used to stop at 64 KB (the pipe's
 * buffer) because the process exited right after printing. The reader here starts a second late, as a
 * slow consumer would, so the pipe is full when the command finishes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/leadline.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-cli-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
  delete e.OPENAI_API_KEY;
  return e;
};
const sh = (script: string) =>
  run('sh', ['-c', script], { env: env(), cwd: root, timeout: 120_000, maxBuffer: 64 << 20 });

describe('leadline output through a pipe', () => {
  it('prints all of a large result before exiting', async () => {
    const examples = JSON.parse(readFileSync(path.join(root, 'examples/transcripts.json'), 'utf8')) as { id: string }[];
    const cases = Array.from({ length: 30 }, (_, i) => examples.map((c) => ({ ...c, id: `${c.id}-${i}` }))).flat();
    const file = path.join(dir, 'many.json');
    writeFileSync(file, JSON.stringify(cases));
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} extract ${JSON.stringify(file)} --offline`;

    const { stdout: piped } = await sh(`${cmd} | (sleep 1; cat)`);
    const { stdout: counted } = await sh(`${cmd} | (sleep 1; wc -c)`);
    const out = JSON.parse(piped) as { id: string }[];
    expect(out.map((r) => r.id)).toEqual(cases.map((c) => c.id));
    expect(piped.length).toBeGreaterThan(4 * 65_536);
    expect(Number(counted.trim())).toBe(Buffer.byteLength(piped));
  }, 180_000);

  it('ends quietly when the reader goes away early (EPIPE)', async () => {
    const { stdout, stderr } = await sh(
      `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} extract examples/transcripts.json --offline | head -c 1`,
    );
    expect(stdout).toBe('[');
    expect(stderr).toBe('');
  }, 60_000);
});
