/**
 * #19 B: a worker SIGKILLed mid-dial, after Twilio took the call and before the dial learned its SID.
 * The real worker runs as a child process on a database of its own; the Twilio REST stand-in kills it
 * while answering the create. Afterwards nothing dials that attempt again (the job's retry, the next tick)
 * and reconciliation finds the call at Twilio by its number and time.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dialTarget } from '../../server/campaigns/dial.ts';
import { reconcileDials } from '../../server/campaigns/reconcile.ts';
import { transition } from '../../server/campaigns/service.ts';
import { runTick } from '../../server/campaigns/tick.ts';
import { startTestApp, TEST_KEY, type TestApp } from '../../testkit/app.ts';
import { dialIdOf, sendStatus } from '../../testkit/campaign-calls.ts';
import { seedDiallingBusiness, seedList, usNumbers } from '../../testkit/campaign-seed.ts';
import { until } from '../../testkit/live-call.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { PUBLIC_BASE, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

const root = path.resolve(import.meta.dirname, '../..');
let own: Awaited<ReturnType<typeof ownDatabase>>;
let twilio: TwilioRestStandin;
let app: TestApp;
let env: Record<string, string>;

beforeAll(async () => {
  own = await ownDatabase('campaign_kill');
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  env = {
    DATABASE_URL: own.url,
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_API_BASE_URL: twilio.url,
    PUBLIC_BASE_URL: PUBLIC_BASE,
  };
  app = await startTestApp({ env });
});
afterAll(async () => {
  await app?.close();
  await twilio?.stop();
  await own?.drop();
});

/** A zone where it is now between 11:00 and 12:00: the real worker dials on the real clock. */
function zoneAtNoonish(): string {
  const now = new Date();
  const z = Intl.supportedValuesOf('timeZone').find(
    (tz) => new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' }).format(now) === '11',
  );
  if (!z) throw new Error('no zone at 11:00 now');
  return z;
}

it('a worker killed between Twilio create and recording the SID: the contact is dialled once', {
  timeout: 120_000,
}, async () => {
  const b = await seedDiallingBusiness(app.ctx.db, { seconds: 3600 });
  const phone = usNumbers(1, 646)[0]!;
  const listId = await seedList(app.ctx.db, b.id, [{ phone, timeZone: zoneAtNoonish() }]);
  const c = await app.ctx.db.campaign.create({
    data: {
      businessId: b.id,
      listId,
      name: 'Kill test',
      goal: 'qualify',
      script: 'Ask.',
      greeting: 'Hi.',
      disclosure: 'AI assistant calling.',
      callerId: b.number,
      days: [1, 2, 3, 4, 5, 6, 7],
    },
  });
  await transition(app.ctx.db, b.id, c.id, 'start', {
    accountId: '00000000-0000-4000-8000-000000000000',
    ip: undefined,
  });

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker-main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ENCRYPTION_KEY: TEST_KEY,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      WORKER_CONCURRENCY: '2',
    },
    stdio: 'ignore',
  });
  const exited = new Promise<string | null>((r) => child.once('exit', (_code, signal) => r(signal)));
  // Twilio has the call; the worker dies before it hears the SID.
  twilio.onCreateCall = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  try {
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 90_000))])).toBe('SIGKILL');
  } finally {
    twilio.onCreateCall = undefined;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  const created = twilio.calls().filter((x) => x.to === phone);
  expect(created).toHaveLength(1);
  const dial = await app.ctx.db.campaignDial.findFirstOrThrow({ where: { campaignId: c.id } });
  expect(dial).toMatchObject({ status: 'recorded', twilioCallSid: null, attempt: 1 });
  expect(dialIdOf(created[0]!)).toBe(dial.id);
  const target = await app.ctx.db.campaignTarget.findFirstOrThrow({ where: { campaignId: c.id } });
  expect(target).toMatchObject({ state: 'dialling', attempts: 1 });

  // What could dial again: the job's retry for the same attempt, a stray job for the next, the next tick.
  expect((await dialTarget(app.ctx, target.id, 1)).kind).toBe('skipped');
  expect((await dialTarget(app.ctx, target.id, 2)).kind).toBe('skipped');
  expect((await runTick(app.ctx, c.id)).claimed).toBe(0);
  expect(twilio.calls().filter((x) => x.to === phone)).toHaveLength(1);

  // Reconciliation finds it at Twilio and adopts it; its callbacks then settle it as any other.
  expect(await reconcileDials(app.ctx, { afterMs: 0 })).toEqual({ adopted: 1, abandoned: 0 });
  const placed = await app.ctx.db.campaignDial.findUniqueOrThrow({ where: { id: dial.id } });
  expect(placed).toMatchObject({ status: 'placed', twilioCallSid: created[0]!.sid });
  expect(
    (await sendStatus(app.url, created[0]!, 'completed', { duration: 12, answeredBy: 'machine_end_beep' })).status,
  ).toBe(204);
  await until(
    async () => (await app.ctx.db.campaignTarget.findUniqueOrThrow({ where: { id: target.id } })).state === 'done',
    'the target settled',
  );
  expect(twilio.calls().filter((x) => x.to === phone)).toHaveLength(1);
  expect(await app.ctx.db.campaignDial.count({ where: { targetId: target.id } })).toBe(1);
});

it('a dial recorded but never sent is abandoned by reconciliation: minute back, attempt spent, no call', async () => {
  const b = await seedDiallingBusiness(app.ctx.db, { seconds: 600 });
  const phone = usNumbers(1, 646)[0]!;
  const listId = await seedList(app.ctx.db, b.id, [{ phone, timeZone: zoneAtNoonish() }]);
  const c = await app.ctx.db.campaign.create({
    data: {
      businessId: b.id,
      listId,
      name: 'Lost',
      goal: 'qualify',
      script: 'Ask.',
      greeting: 'Hi.',
      disclosure: 'AI.',
      callerId: b.number,
      days: [1, 2, 3, 4, 5, 6, 7],
    },
  });
  await transition(app.ctx.db, b.id, c.id, 'start', {
    accountId: '00000000-0000-4000-8000-000000000000',
    ip: undefined,
  });
  expect((await runTick(app.ctx, c.id)).claimed).toBe(1);
  // The process dies as Twilio is asked: a connection error, the create never arrives.
  const telephony = app.ctx.telephony!;
  const createCall = telephony.createCall;
  telephony.createCall = async () => {
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  };
  const target = await app.ctx.db.campaignTarget.findFirstOrThrow({ where: { campaignId: c.id } });
  try {
    expect((await dialTarget(app.ctx, target.id, 1)).kind).toBe('failed');
  } finally {
    telephony.createCall = createCall;
  }
  const held = await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } });
  expect(held.heldSeconds).toBe(60);
  expect(await reconcileDials(app.ctx, { afterMs: 0 })).toEqual({ adopted: 0, abandoned: 1 });
  const dial = await app.ctx.db.campaignDial.findFirstOrThrow({ where: { campaignId: c.id } });
  expect(dial).toMatchObject({ status: 'failed', outcome: 'failed', callId: null });
  expect((await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } })).heldSeconds).toBe(0);
  // The next attempt waits out the spacing.
  expect(await app.ctx.db.campaignTarget.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({
    state: 'pending',
    attempts: 1,
  });
  expect(twilio.calls().filter((x) => x.to === phone)).toHaveLength(0);
});
