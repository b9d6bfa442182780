/**
 * What the connector manifests declare is what the rest of the project shows: `.env.example` lists exactly
 * the variables Leadline reads (its own and every manifest's, with the manifests' defaults), the CLI names
 * the registered providers, each manifest builds the connector it describes, and a bad list is refused.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_MANIFESTS } from '../../connectors/index.ts';
import { ConfigError, envNames, loadConfig } from '../../server/config.ts';
import { acmeCrmManifest } from './acme-crm/manifest.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'leadline-manifests-'));

/** `NAME=value   # comment` lines of .env.example (commented-out examples are not settings). */
function envExample(): Map<string, string> {
  const lines = readFileSync(path.join(root, '.env.example'), 'utf8').split('\n');
  return new Map(
    lines.flatMap((l) => {
      const m = /^([A-Z][A-Z0-9_]*)=(.*?)\s*(?:#.*)?$/.exec(l);
      return m ? [[m[1]!, m[2]!] as [string, string]] : [];
    }),
  );
}

describe('connector manifests', () => {
  it('.env.example lists every variable the manifests and the service declare, and nothing else', () => {
    const listed = envExample();
    const declared = envNames();
    const fromManifests = BUILT_IN_MANIFESTS.flatMap((m) => Object.keys(m.env));
    expect(fromManifests.filter((n) => !listed.has(n))).toEqual([]);
    expect([...listed.keys()].filter((n) => !declared.includes(n))).toEqual([]);
    expect(declared.filter((n) => !listed.has(n))).toEqual([]);
    // A value written in the example is the manifest's default, so copying the file changes nothing.
    const defaults = loadConfig({ DATA_DIR: dataDir() }, () => {}) as unknown as Record<string, unknown>;
    for (const name of fromManifests) {
      const example = listed.get(name)!;
      expect({ name, value: example === '' ? undefined : example }).toEqual({ name, value: defaults[name] });
    }
  });

  it('the CLI usage names the registered providers', async () => {
    const bin = path.join(root, 'bin/leadline.js');
    const providers = BUILT_IN_MANIFESTS.map((m) => m.provider);
    expect(providers).toEqual(['hubspot', 'salesforce', 'google-calendar']);
    const { stdout } = await promisify(execFile)(process.execPath, [bin, '--help']);
    expect(stdout).toContain(`backfill --business ID --provider ${providers.join('|')} [--days 30]`);
  });

  it('each manifest builds the connector it describes', () => {
    for (const m of [...BUILT_IN_MANIFESTS, acmeCrmManifest]) {
      const env = Object.fromEntries(Object.entries(m.env).map(([k, schema]) => [k, schema.parse(undefined)]));
      const c = m.create(env as never, { clientId: 'id', clientSecret: 'secret' });
      expect({ provider: c.provider, displayName: c.displayName, scopes: c.oauth.requiredScopes }).toEqual({
        provider: m.provider,
        displayName: m.displayName,
        scopes: [...m.scopes.required],
      });
      expect(m.credentials.clientId in m.env && m.credentials.clientSecret in m.env).toBe(true);
      for (const limit of Object.values(m.limits)) expect(limit.max).toBeGreaterThan(0);
    }
  });

  it('an added manifest gets its variables validated and paired like the built-in ones', () => {
    const base = { DATA_DIR: dataDir() };
    const cfg = loadConfig({ ...base, ACME_CLIENT_ID: 'a', ACME_CLIENT_SECRET: 'b' }, () => {}, [
      ...BUILT_IN_MANIFESTS,
      acmeCrmManifest,
    ]) as unknown as Record<string, unknown>;
    expect(cfg.ACME_API_URL).toBe('https://api.acme-crm.example');
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ ...base, ...env }, () => {}, [...BUILT_IN_MANIFESTS, acmeCrmManifest]);
        return [];
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        return e.problems;
      }
    };
    expect(problems({ ACME_CLIENT_ID: 'a' })).toEqual(['ACME_CLIENT_ID and ACME_CLIENT_SECRET: set both or neither']);
    expect(problems({ ACME_API_URL: 'ftp://acme' })).toEqual([expect.stringMatching(/^ACME_API_URL: /)]);
  });

  it('refuses a list with a provider twice or a variable two declare', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir() }, () => {}, [...BUILT_IN_MANIFESTS, BUILT_IN_MANIFESTS[0]])).toThrow(
      'connector "hubspot" is registered twice',
    );
    const clash = { ...acmeCrmManifest, env: { ...acmeCrmManifest.env, PORT: acmeCrmManifest.env.ACME_API_URL } };
    expect(() => loadConfig({ DATA_DIR: dataDir() }, () => {}, [clash])).toThrow(
      'connector "acme-crm": environment variable PORT is already declared',
    );
  });

  it('connectors import nothing from server/', () => {
    const files = readdirSync(path.join(root, 'connectors'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    const offending = files.filter((f) =>
      /from '(\.\.\/)+server\//.test(readFileSync(path.join(root, 'connectors', f), 'utf8')),
    );
    expect(offending).toEqual([]);
  });
});
