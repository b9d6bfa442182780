import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'leadline-cfg-'));
const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env }, () => {});
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
};

describe('configuration', () => {
  it('works with no configuration at all, generating development secrets once', () => {
    const dir = dataDir();
    const warnings: string[] = [];
    const a = loadConfig({ DATA_DIR: dir }, (m) => warnings.push(m));
    expect(a.PORT).toBe(3000);
    expect(a.PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(a.HUBSPOT_API_BASE_URL).toBe('https://api.hubapi.com');
    expect(warnings.join('\n')).toMatch(/encryption\.key.*development only/);
    const key = readFileSync(path.join(dir, 'encryption.key'), 'utf8').trim();
    const b = loadConfig({ DATA_DIR: dir }, () => {});
    expect(b.encryptionKeys.get(b.currentKeyId)!.toString('base64')).toBe(key);
  });

  it('names every problem once, clearly', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      ENCRYPTION_KEY: 'short',
      TWILIO_ACCOUNT_SID: 'nope',
      OPENAI_BASE_URL: 'ftp://x',
      SMTP_URL: 'http://mail',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/ENCRYPTION_KEY: must be 32 bytes, base64-encoded/);
    expect(problems.join('\n')).toMatch(/TWILIO_ACCOUNT_SID: must look like AC/);
    expect(problems.join('\n')).toMatch(/OPENAI_BASE_URL/);
    expect(problems.join('\n')).toMatch(/SMTP_URL: must be an smtp/);
  });

  it('demands real secrets in production and paired credentials', () => {
    const problems = problemsOf({ NODE_ENV: 'production', HUBSPOT_CLIENT_ID: 'abc' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ENCRYPTION_KEY: required in production/),
        expect.stringMatching(/^JWT_SECRET: required in production/),
        expect.stringMatching(/^PUBLIC_BASE_URL: required in production/),
        expect.stringMatching(/^TRUST_PROXY: required in production/),
        'HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET: set both or neither',
      ]),
    );
    // An explicit 0 (clients connect directly) is a decision too.
    expect(problemsOf({ NODE_ENV: 'production', TRUST_PROXY: '0' }).join('\n')).not.toMatch(/TRUST_PROXY/);
  });

  it('keeps old encryption keys for rotation, named by a hash of the key', () => {
    const oldKey = Buffer.alloc(32, 1).toString('base64');
    const cfg = loadConfig(
      {
        DATA_DIR: dataDir(),
        ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
        ENCRYPTION_KEYS_OLD: `k0:${oldKey}`,
      },
      () => {},
    );
    expect(cfg.encryptionKeys.size).toBe(2);
    expect(cfg.currentKeyId).toMatch(/^[0-9a-f]{8}$/);
    expect(problemsOf({ ENCRYPTION_KEYS_OLD: 'k0:abc' })).toEqual([
      'ENCRYPTION_KEYS_OLD: "k0" must be id:base64-of-32-bytes',
    ]);
  });
});
