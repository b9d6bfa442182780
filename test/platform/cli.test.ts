import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { createDb } from '../../server/db/client.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/leadline.js');
const env = () => ({
  ...process.env,
  DATABASE_URL: inject('databaseUrl'),
  LOG_LEVEL: 'silent',
  ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
});

describe('leadline CLI', () => {
  it('prints help', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    expect(stdout).toMatch(/create-business --name NAME --phone \+E164/);
    expect(stdout).toMatch(/migrate/);
  });

  it('creates a business with its number and prints id and publicKey as JSON', async () => {
    const phone = `+1737555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const { stdout } = await run(
      process.execPath,
      [
        bin,
        'create-business',
        '--name',
        'Rapid Rooter',
        '--phone',
        phone,
        '--timezone',
        'America/Chicago',
        '--services',
        'drain cleaning, leak repair',
      ],
      { env: env() },
    );
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      name: 'Rapid Rooter',
      phone,
      timezone: 'America/Chicago',
      services: ['drain cleaning', 'leak repair'],
    });
    expect(out.publicKey).toMatch(/^pk_/);
    const db = createDb(inject('databaseUrl'), { max: 1 });
    try {
      const n = await db.phoneNumber.findUniqueOrThrow({ where: { e164: phone } });
      expect(n.businessId).toBe(out.id);
    } finally {
      await db.$disconnect();
    }
  });

  it('explains bad arguments and exits non-zero', async () => {
    const err = await run(process.execPath, [bin, 'create-business', '--name', 'X', '--phone', '555-0100'], {
      env: env(),
    }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/must be an E\.164 number/);
    const unknown = await run(process.execPath, [bin, 'frobnicate']).catch((e) => e);
    expect(unknown.code).toBe(2);
  });

  it('migrate reports an up-to-date database', async () => {
    const { stdout } = await run(process.execPath, [bin, 'migrate'], { env: env() });
    expect(stdout).toMatch(/up to date/);
  });
});
