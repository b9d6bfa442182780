/** `leadline dnc`: the platform's do-not-call list, run as an operator runs it (the real binary, audited). */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialBlockedReason } from '../../server/campaigns/do-not-call.ts';
import { createDb } from '../../server/db/client.ts';
import { ownDatabase } from '../../testkit/own-database.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/leadline.js');
let own: Awaited<ReturnType<typeof ownDatabase>>;
const env = () => ({
  ...process.env,
  DATABASE_URL: own.url,
  LOG_LEVEL: 'silent',
  ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
  JWT_SECRET: 'cli-secret-cli-secret-cli-secret-cli-000',
});
const dnc = async (...args: string[]) =>
  JSON.parse((await run(process.execPath, [bin, 'dnc', ...args], { env: env() })).stdout.trim());

beforeAll(async () => {
  own = await ownDatabase('dnc_cli');
});
afterAll(async () => {
  await own?.drop();
});

describe('leadline dnc', { timeout: 300_000 }, () => {
  it('adds, lists and removes numbers on the platform list, each change audited', async () => {
    expect(await dnc('add', '--phone', '+1 (512) 555-0230', '--note', 'regulator request')).toEqual({
      phone: '+15125550230',
      added: true,
    });
    expect(await dnc('add', '--phone', '+15125550230')).toEqual({ phone: '+15125550230', added: false });
    expect(await dnc('list')).toMatchObject([{ phone: '+15125550230', note: 'regulator request' }]);
    const db = createDb(own.url, { max: 1 });
    try {
      const secret = Buffer.from(env().JWT_SECRET);
      const anyBusiness = '00000000-0000-4000-8000-000000000001';
      expect(await dialBlockedReason(db, anyBusiness, '+15125550230', secret)).toBe('platform_do_not_call');
      expect(await dnc('remove', '--phone', '+15125550230')).toEqual({ phone: '+15125550230', removed: true });
      expect(await dnc('list')).toEqual([]);
      expect(await dialBlockedReason(db, anyBusiness, '+15125550230', secret)).toBeNull();
      const actions = await db.auditLog.findMany({
        where: { action: { startsWith: 'do_not_call.platform' } },
        orderBy: { createdAt: 'asc' },
      });
      expect(actions.map((a) => a.action)).toEqual(['do_not_call.platform_added', 'do_not_call.platform_removed']);
      expect(actions[0]!.meta).toMatchObject({ operator: expect.stringMatching(/^cli:/) });
    } finally {
      await db.$disconnect();
    }
    await expect(run(process.execPath, [bin, 'dnc', 'add', '--phone', 'nope'], { env: env() })).rejects.toMatchObject({
      stderr: expect.stringContaining('not a phone number'),
    });
  });
});
