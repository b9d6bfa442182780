/**
 * `leadline simulate-call` as a developer runs it: the real binary, a labelled example call, its own
 * database (the command drains the job queue with every handler). Checks what it prints against the
 * fixture's labels and what it left in the database: the call, its redacted transcript, the lead, the
 * owner's e-mail in the outbox.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { createDb, type Db } from '../../server/db/client.ts';
import { TEST_KEY } from '../../testkit/app.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { EXAMPLES_PATH, loadExamples } from '../../testkit/labelled-calls.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/leadline.js');
const FIXTURES = EXAMPLES_PATH;
const cases = loadExamples();

let own: Awaited<ReturnType<typeof ownDatabase>>;
let db: Db;
beforeAll(async () => {
  own = await ownDatabase('simulate_cli');
  db = createDb(own.url, { max: 2 });
});
afterAll(async () => {
  await db?.$disconnect();
  await own?.drop();
});

const simulate = (args: string[]) =>
  run(process.execPath, [bin, 'simulate-call', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: own.url,
      LOG_LEVEL: 'silent',
      ENCRYPTION_KEY: TEST_KEY,
      OPENAI_API_KEY: '',
      SMTP_URL: '',
    },
    timeout: 90_000,
  });

describe('leadline simulate-call', () => {
  it('turns an example call into the labelled lead, a redacted transcript and the owner e-mail', async () => {
    const c = cases.find((x) => x.id === 'e01-plumber-basement-backup')!;
    const owner = await db.account.create({ data: { email: 'owner@rapid-rooter.test', passwordHash: 'x' } });
    const b = await createBusiness(db, {
      name: 'Rapid Rooter',
      timezone: 'America/Chicago',
      phone: '+15125550100',
      ownerAccountId: owner.id,
      services: ['drain cleaning', 'leak repair', 'water heater repair'],
    } as never);
    const { stdout } = await simulate(['--business', b.id, '--transcript', FIXTURES, '--case', c.id]);
    const out = JSON.parse(stdout);
    expect(out.method).toBe('offline');
    for (const [field, value] of Object.entries(c.expected))
      expect({ field, value: out.lead[field] }).toEqual({ field, value });
    expect(out.leadCreated).toBe(true);
    expect(out.notifications).toEqual([
      expect.objectContaining({ to: 'owner@rapid-rooter.test', delivered: 'outbox' }),
    ]);

    const call = await db.call.findUniqueOrThrow({ where: { id: out.callId }, include: { segments: true } });
    expect(call).toMatchObject({ businessId: b.id, status: 'completed', leadId: out.leadId });
    expect(call.segments.length).toBeGreaterThan(3);
    const lead = await db.lead.findUniqueOrThrow({ where: { id: out.leadId } });
    expect(lead).toMatchObject({ name: c.expected.name, phone: c.expected.phone });
  });

  it('explains a case that does not exist and exits non-zero', async () => {
    const b = await createBusiness(db, { name: 'Other', phone: '+15125550101' } as never);
    const err = await simulate(['--business', b.id, '--transcript', FIXTURES, '--case', 'no-such-case']).catch(
      (e) => e,
    );
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/no case "no-such-case"/);
  });
});
