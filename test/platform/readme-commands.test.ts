/**
 * Every command in the README's "Try it" section, run as written from a clone of this repository alone:
 * the real `leadline` binary, paths relative to the repository root, a fresh database, no OpenAI key.
 * `<id>` is replaced by the id `create-business` printed, as a reader would.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownDatabase } from '../../testkit/own-database.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/leadline.js');

/** The shell block under a README heading: one command per entry, continuations joined, comments dropped. */
function readmeCommands(markdown: string, heading: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(heading));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`README has no sh block under "## ${heading}"`);
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s#.*$/, '').trim())
    .filter(Boolean);
}

/** Words of a command line as sh splits them (double and single quotes, no expansions). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

let own: Awaited<ReturnType<typeof ownDatabase>>;
// Dev secrets the CLI writes go here, not into the repository's .data.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'leadline-readme-'));
beforeAll(async () => {
  own = await ownDatabase('readme');
});
afterAll(async () => {
  await own?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('README "Try it" commands', () => {
  const commands = readmeCommands(readFileSync(path.join(root, 'README.md'), 'utf8'), 'Try it');

  it('are all leadline commands reading only files in this repository', () => {
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const c of commands) {
      expect(c).toMatch(/^npx leadline /);
      expect(c).not.toContain('..');
    }
  });

  it('run in order against a fresh database and print what they promise', async () => {
    const env = {
      ...process.env,
      DATABASE_URL: own.url,
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: '',
      SMTP_URL: '',
      DATA_DIR: dataDir,
    };
    let businessId: string | null = null;
    const seen = new Set<string>();
    for (const line of commands) {
      const [, , command, ...args] = shellWords(line);
      if (args.includes('<id>')) expect(businessId, `${line} needs an id from create-business`).not.toBeNull();
      const argv = args.map((a) => (a === '<id>' ? businessId! : a));
      const { stdout } = await run(process.execPath, [bin, command!, ...argv], {
        cwd: root,
        env,
        timeout: 120_000,
        maxBuffer: 16 << 20,
      });
      const out = JSON.parse(stdout);
      seen.add(command!);
      if (command === 'create-business') {
        expect(out).toMatchObject({ name: 'Rapid Rooter', timezone: 'America/Chicago' });
        businessId = out.id;
      } else if (command === 'simulate-call') {
        expect(out).toMatchObject({ method: 'offline', leadCreated: true });
        expect(out.lead.isLead).toBe(true);
      } else if (command === 'extract') {
        expect(Array.isArray(out)).toBe(true);
        expect(out.length).toBeGreaterThanOrEqual(5);
        expect(out.every((r: { method: string }) => r.method === 'offline')).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual(['create-business', 'extract', 'simulate-call']);
  }, 300_000);
});
