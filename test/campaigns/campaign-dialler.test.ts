/**
 * #19 B, the dialler on an injected clock against the Twilio REST stand-in: windows across zones and a
 * DST change over a 1,000-row list, retries, pause/resume, and the balance running out. Each cycle is what
 * the jobs do (a tick, then the dials it queued); Twilio's callbacks are signed and sent over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeEndedDials } from '../../server/campaigns/reconcile.ts';
import { transition } from '../../server/campaigns/service.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { dialCycle, dialIdOf, sendAmd, sendStatus } from '../../testkit/campaign-calls.ts';
import { type SeedContact, seedDiallingBusiness, seedList, usNumbers } from '../../testkit/campaign-seed.ts';
import { telephonyEnv, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { type CreatedCall, startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

let app: TestApp;
let twilio: TwilioRestStandin;
beforeAll(async () => {
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  app = await startTestApp({ env: telephonyEnv({ TWILIO_API_BASE_URL: twilio.url }) });
});
afterAll(async () => {
  await app.close();
  await twilio.stop();
});

const actor = { accountId: '00000000-0000-4000-8000-000000000000', ip: undefined };

async function campaign(
  contacts: SeedContact[],
  opts: Partial<{
    maxConcurrent: number;
    callsPerMinute: number;
    maxAttempts: number;
    retrySpacingMinutes: number;
    seconds: number;
    days: number[];
    machineAction: 'hang_up' | 'leave_message';
    voicemailMessage: string;
  }> = {},
) {
  const b = await seedDiallingBusiness(app.ctx.db, { seconds: opts.seconds ?? 1_000_000 });
  const listId = await seedList(app.ctx.db, b.id, contacts);
  const c = await app.ctx.db.campaign.create({
    data: {
      businessId: b.id,
      listId,
      name: 'Spring check-ups',
      goal: 'qualify',
      script: 'Ask whether they want a spring check-up.',
      greeting: 'Hi!',
      disclosure: 'This is an AI assistant calling for Campaign Co.',
      callerId: b.number,
      windowStartMinute: 9 * 60,
      windowEndMinute: 17 * 60,
      days: opts.days ?? [1, 2, 3, 4, 5, 6, 7],
      maxConcurrent: opts.maxConcurrent ?? 50,
      callsPerMinute: opts.callsPerMinute ?? 100,
      maxAttempts: opts.maxAttempts ?? 3,
      retrySpacingMinutes: opts.retrySpacingMinutes ?? 60,
      machineAction: opts.machineAction ?? 'hang_up',
      voicemailMessage: opts.voicemailMessage ?? null,
    },
  });
  await transition(app.ctx.db, b.id, c.id, 'start', actor);
  return { business: b, campaign: c };
}

/** The calls Twilio was asked to make for this campaign's dials, by dial id. */
async function callsOf(campaignId: string): Promise<CreatedCall[]> {
  const ids = new Set(
    (await app.ctx.db.campaignDial.findMany({ where: { campaignId }, select: { id: true } })).map((d) => d.id),
  );
  return twilio.calls().filter((c) => ids.has(dialIdOf(c)));
}

/** Local wall clock, computed independently of server/time (Intl), for checking what the dialler did. */
function local(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return Number(parts.hour) * 60 + Number(parts.minute);
}

const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'Pacific/Honolulu',
];

describe('windows across time zones and a DST change', () => {
  it('dials 1,000 contacts each once, only inside 09:00–17:00 of their own zone, DST included', {
    timeout: 240_000,
  }, async () => {
    const phones = usNumbers(1000, 646);
    const contacts = phones.map((phone, i) => ({ phone, name: `Contact ${i}`, timeZone: ZONES[i % ZONES.length]! }));
    const { campaign: c } = await campaign(contacts);
    const zoneOf = new Map(contacts.map((k) => [k.phone, k.timeZone]));

    // Saturday 13 March 2027, 13:30 UTC: 08:30 in New York (EST, UTC-5) and earlier everywhere west: closed.
    const sat = await dialCycle(app.ctx, c.id, new Date('2027-03-13T13:30:00Z'));
    expect(sat.tick.claimed).toBe(0);
    // The clocks went forward that night: the same UTC time on Sunday is 09:30 EDT in New York, and only there.
    let now = new Date('2027-03-14T13:30:00Z');
    const first = await dialCycle(app.ctx, c.id, now);
    expect(first.tick.claimed).toBe(50);
    const firstZones = new Set((await callsOf(c.id)).map((x) => zoneOf.get(x.to)));
    expect([...firstZones]).toEqual(['America/New_York']);

    for (let guard = 0; guard < 400; guard++) {
      // Twilio finishes every live call: a machine (AMD in the final status), 20 seconds.
      const live = (await callsOf(c.id)).filter((x) => !finished.has(x.sid));
      for (const x of live) {
        const r = await sendStatus(app.url, x, 'completed', { duration: 20, answeredBy: 'machine_end_beep' });
        expect(r.status).toBe(204);
        finished.add(x.sid);
      }
      const cycle = await dialCycle(app.ctx, c.id, now);
      if (cycle.tick.status === 'completed') break;
      // Half a minute per busy cycle (pacing: 50 at once, 100 a minute); idle hours are skipped.
      now = new Date(now.getTime() + (cycle.tick.claimed ? 30_000 : 30 * 60_000));
    }
    const dials = await app.ctx.db.campaignDial.findMany({ where: { campaignId: c.id }, include: { target: true } });
    expect(dials).toHaveLength(1000);
    expect(new Set(dials.map((d) => d.targetId)).size).toBe(1000);
    for (const d of dials) {
      const m = local(d.createdAt, d.target.timeZone);
      expect(m, `${d.target.timeZone} at ${d.createdAt.toISOString()}`).toBeGreaterThanOrEqual(9 * 60);
      expect(m).toBeLessThan(17 * 60);
      expect(d.outcome).toBe('voicemail');
    }
    // Per minute of the dialler's clock, never more than callsPerMinute.
    const perMinute = new Map<number, number>();
    for (const d of dials)
      perMinute.set(
        Math.floor(d.createdAt.getTime() / 60_000),
        (perMinute.get(Math.floor(d.createdAt.getTime() / 60_000)) ?? 0) + 1,
      );
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(100);
    const made = await callsOf(c.id);
    expect(made).toHaveLength(1000);
    expect(new Set(made.map((x) => x.to)).size).toBe(1000);
    expect(made[0]!.params).toMatchObject({ MachineDetection: 'DetectMessageEnd', AsyncAmd: 'true' });
    expect(made[0]!.params.AsyncAmdStatusCallback).toContain(`dialId=${dialIdOf(made[0]!)}`);
    const row = await app.ctx.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.status).toBe('completed');
  });
});
const finished = new Set<string>();

describe('retries', () => {
  it('no answer and busy are retried after the spacing up to maxAttempts; an invalid number is not', async () => {
    const [a, b] = usNumbers(2, 917);
    const zone = 'America/New_York'; // 10:00 EDT at the start
    const { campaign: c } = await campaign(
      [
        { phone: a!, timeZone: zone },
        { phone: b!, timeZone: zone },
      ],
      { maxAttempts: 3, retrySpacingMinutes: 60 },
    );
    twilio.onCreateCall = (x) =>
      x.to === b ? { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." } : undefined;
    let now = new Date('2027-03-16T14:00:00Z'); // Tuesday
    try {
      await dialCycle(app.ctx, c.id, now);
      const statuses = ['no-answer', 'busy', 'no-answer'];
      for (let attempt = 1; attempt <= 3; attempt++) {
        const live = (await callsOf(c.id)).filter((x) => x.to === a);
        expect(live).toHaveLength(attempt);
        await sendStatus(app.url, live.at(-1)!, statuses[attempt - 1]!);
        // 30 minutes later the spacing has not passed: nothing is dialled.
        now = new Date(now.getTime() + 30 * 60_000);
        await dialCycle(app.ctx, c.id, now);
        expect((await callsOf(c.id)).filter((x) => x.to === a)).toHaveLength(attempt);
        now = new Date(now.getTime() + 31 * 60_000);
        await dialCycle(app.ctx, c.id, now);
      }
    } finally {
      twilio.onCreateCall = undefined;
    }
    const targets = await app.ctx.db.campaignTarget.findMany({
      where: { campaignId: c.id },
      orderBy: { phone: 'asc' },
    });
    const ta = targets.find((t) => t.phone === a)!;
    const tb = targets.find((t) => t.phone === b)!;
    expect(ta).toMatchObject({ state: 'done', attempts: 3, outcome: 'no_answer' });
    expect(tb).toMatchObject({ state: 'done', attempts: 1, outcome: 'invalid_number' });
    const dials = await app.ctx.db.campaignDial.findMany({ where: { targetId: ta.id }, orderBy: { attempt: 'asc' } });
    expect(dials.map((d) => d.outcome)).toEqual(['no_answer', 'busy', 'no_answer']);
    // The refused dial held a minute for a moment and gave it back: no Call row left behind.
    const refused = await app.ctx.db.campaignDial.findFirstOrThrow({ where: { targetId: tb.id } });
    expect(refused).toMatchObject({ status: 'failed', callId: null });
    expect(await app.ctx.db.campaign.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: 'completed' });
  });
});

describe('machine detection', () => {
  it('leaves the campaign message after the beep, and the dial is voicemail', async () => {
    const { campaign: c } = await campaign([{ phone: usNumbers(1, 718)[0]!, timeZone: 'America/New_York' }], {
      machineAction: 'leave_message',
      voicemailMessage: 'Hi, Campaign Co here about your spring check-up. Call us back at 512 555 0100.',
    });
    await dialCycle(app.ctx, c.id, new Date('2027-03-16T15:00:00Z'));
    const [x] = await callsOf(c.id);
    expect((await sendAmd(app.url, x!, 'machine_end_beep')).status).toBe(204);
    const update = twilio.callUpdates().find((u) => u.sid === x!.sid)!;
    expect(update.twiml).toContain('<Say>Hi, Campaign Co here about your spring check-up.');
    expect(update.twiml).toContain('<Hangup/>');
    await sendStatus(app.url, x!, 'completed', { duration: 31 });
    const d = await app.ctx.db.campaignDial.findFirstOrThrow({ where: { campaignId: c.id } });
    expect(d).toMatchObject({ answeredBy: 'machine_end_beep', outcome: 'voicemail', seconds: 31, status: 'placed' });
    // The call was charged like any other: one minute.
    const call = await app.ctx.db.call.findUniqueOrThrow({ where: { id: d.callId! } });
    expect(call).toMatchObject({ status: 'completed', reservedSeconds: 0, campaignDialId: d.id });
  });
});

describe('pause and resume', () => {
  it('a pause stops dials already queued (checked at dial time) and the next claim; resume carries on', async () => {
    const phones = usNumbers(6, 347);
    const { business: b, campaign: c } = await campaign(
      phones.map((phone) => ({ phone, timeZone: 'America/New_York' })),
      { maxConcurrent: 3 },
    );
    const now = new Date('2027-03-16T15:00:00Z');
    // The tick claims three; the owner pauses before their dial jobs run.
    const { runTick } = await import('../../server/campaigns/tick.ts');
    expect((await runTick(app.ctx, c.id, { now })).claimed).toBe(3);
    const paused = Date.now();
    await transition(app.ctx.db, b.id, c.id, 'pause', actor);
    const cycle = await dialCycle(app.ctx, c.id, now);
    expect(Date.now() - paused).toBeLessThan(1000);
    expect(cycle.tick.status).toBe('stopped');
    expect(cycle.dials.map((d) => d.kind)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(await callsOf(c.id)).toHaveLength(0);
    expect(await app.ctx.db.campaignTarget.count({ where: { campaignId: c.id, state: 'pending' } })).toBe(6);
    await transition(app.ctx.db, b.id, c.id, 'resume', actor);
    const resumed = await dialCycle(app.ctx, c.id, now);
    expect(resumed.dials.filter((d) => d.kind === 'placed')).toHaveLength(3);
    expect(await callsOf(c.id)).toHaveLength(3);
  });
});

describe('balance running out', () => {
  it('dials only what the balance holds, then pauses the campaign (audited) without dialling', async () => {
    const phones = usNumbers(5, 929);
    const { campaign: c } = await campaign(
      phones.map((phone) => ({ phone, timeZone: 'America/New_York' })),
      { seconds: 120 },
    );
    const cycle = await dialCycle(app.ctx, c.id, new Date('2027-03-16T15:00:00Z'));
    expect(cycle.dials.filter((d) => d.kind === 'placed')).toHaveLength(2);
    expect(cycle.dials.filter((d) => d.kind === 'paused').length).toBeGreaterThan(0);
    expect(await callsOf(c.id)).toHaveLength(2);
    const row = await app.ctx.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.status).toBe('paused');
    const audit = await app.ctx.db.auditLog.findFirstOrThrow({ where: { target: c.id, action: 'campaign.paused' } });
    expect(audit.meta).toMatchObject({ reason: 'out of minutes' });
    // Targets that were not dialled wait, pending, for minutes and a resume.
    expect(await app.ctx.db.campaignTarget.count({ where: { campaignId: c.id, state: 'pending' } })).toBe(3);
  });
});

describe('a final status that never came', () => {
  it('the call settled by the reservation sweep completes its dial at the next reconciliation', async () => {
    const { campaign: c } = await campaign([{ phone: usNumbers(1, 718)[0]!, timeZone: 'America/New_York' }], {
      maxAttempts: 2,
    });
    await dialCycle(app.ctx, c.id, new Date('2027-03-16T15:00:00Z'));
    const d = await app.ctx.db.campaignDial.findFirstOrThrow({ where: { campaignId: c.id } });
    expect(d.status).toBe('placed');
    // What the sweep leaves: the call ended (no answer), the campaign never told.
    await app.ctx.db.call.update({
      where: { id: d.callId! },
      data: { status: 'no_answer', endedAt: new Date(), durationSeconds: 0 },
    });
    expect(await completeEndedDials(app.ctx)).toBeGreaterThanOrEqual(1);
    expect(await app.ctx.db.campaignDial.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({
      outcome: 'no_answer',
      seconds: 0,
    });
    expect(await app.ctx.db.campaignTarget.findUniqueOrThrow({ where: { id: d.targetId } })).toMatchObject({
      state: 'pending',
      outcome: 'no_answer',
    });
  });
});
