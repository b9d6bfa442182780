/**
 * #19, the checks a dial makes at dial time, against the Twilio REST stand-in: numbers put on the
 * business's list, the platform's list, an SMS STOP and an erased person's hashed row after the campaign
 * started are never called (outcome `blocked`); a number already called too often today waits; at the
 * platform's daily campaign dials (PLATFORM_LIMITS.campaignDialsPerDay) the campaign waits for the next day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_LIMITS } from '../../server/businesses/dial-policy.ts';
import { progressOf, transition } from '../../server/campaigns/service.ts';
import { subjectHash } from '../../server/crypto/subject-hash.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { dialCycle, dialIdOf } from '../../testkit/campaign-calls.ts';
import { seedDiallingBusiness, seedList, usNumbers } from '../../testkit/campaign-seed.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { telephonyEnv, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

let app: TestApp;
let twilio: TwilioRestStandin;
// Its own database: the platform list and SMS opt-outs written here hold for every business in it.
let own: Awaited<ReturnType<typeof ownDatabase>>;
beforeAll(async () => {
  own = await ownDatabase('dial_checks');
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  app = await startTestApp({ env: telephonyEnv({ TWILIO_API_BASE_URL: twilio.url, DATABASE_URL: own.url }) });
});
afterAll(async () => {
  await app?.close();
  await twilio?.stop();
  await own?.drop();
});

const actor = { accountId: '00000000-0000-4000-8000-000000000000', ip: undefined };
const NOW = new Date('2027-03-16T15:00:00Z'); // a Tuesday, 11:00 in New York

async function running(phones: string[]) {
  const db = app.ctx.db;
  const b = await seedDiallingBusiness(db, { seconds: 1_000_000 });
  const listId = await seedList(
    db,
    b.id,
    phones.map((phone) => ({ phone, timeZone: 'America/New_York' })),
  );
  const c = await db.campaign.create({
    data: {
      businessId: b.id,
      listId,
      name: 'Spring boiler check',
      goal: 'qualify',
      script: 'Ask about the boiler.',
      greeting: 'Hi!',
      disclosure: 'This is an AI assistant.',
      callerId: b.number,
      days: [1, 2, 3, 4, 5, 6, 7],
      maxConcurrent: 50,
      callsPerMinute: 100,
      maxAttempts: 1,
    },
  });
  await transition(db, b.id, c.id, 'start', actor);
  return { businessId: b.id, campaignId: c.id };
}

const calledNumbers = (campaignDialIds: Set<string>) =>
  twilio
    .calls()
    .filter((x) => campaignDialIds.has(dialIdOf(x)))
    .map((x) => x.to);

describe('dial-time checks', { timeout: 60_000 }, () => {
  it('lists, SMS STOP and erasure written after the start are honoured; a number called too often waits', async () => {
    const db = app.ctx.db;
    const [onBusiness, onPlatform, texted, erased, busyNumber, fine] = usNumbers(6, 917);
    const { businessId, campaignId } = await running([onBusiness!, onPlatform!, texted!, erased!, busyNumber!, fine!]);
    // All of this happens after planning, before the dials.
    await db.doNotCall.create({ data: { businessId, phone: onBusiness!, source: 'manual' } });
    await db.doNotCall.create({ data: { businessId: null, phone: onPlatform!, source: 'platform' } });
    await db.smsOptOut.create({ data: { phone: texted! } });
    await db.doNotCall.create({
      data: {
        businessId,
        phone: null,
        phoneHash: subjectHash(app.ctx.config.jwtSecret, 'phone', erased!),
        source: 'call_opt_out',
      },
    });
    await db.rateWindow.create({
      data: {
        key: `dial:dest:${busyNumber}`,
        windowStart: new Date(),
        used: PLATFORM_LIMITS.dialsPerDestinationPerDay,
      },
    });

    const cycle = await dialCycle(app.ctx, campaignId, NOW);
    expect(cycle.tick.claimed).toBe(6);
    const dials = await db.campaignDial.findMany({ where: { campaignId }, include: { target: true } });
    expect(calledNumbers(new Set(dials.map((d) => d.id)))).toEqual([fine]);
    const outcomeOf = new Map(dials.map((d) => [d.target.phone, [d.status, d.outcome, d.error]]));
    expect(outcomeOf.get(onBusiness!)).toEqual(['skipped', 'blocked', 'business_do_not_call']);
    expect(outcomeOf.get(onPlatform!)).toEqual(['skipped', 'blocked', 'platform_do_not_call']);
    expect(outcomeOf.get(texted!)).toEqual(['skipped', 'blocked', 'sms_stop']);
    expect(outcomeOf.get(erased!)).toEqual(['skipped', 'blocked', 'business_do_not_call']);
    expect(outcomeOf.get(fine!)).toEqual(['placed', null, null]);
    // The number called too often: no dial, back to pending until its counter's day is over.
    expect(outcomeOf.has(busyNumber!)).toBe(false);
    const waiting = await db.campaignTarget.findFirstOrThrow({ where: { campaignId, phone: busyNumber! } });
    expect(waiting).toMatchObject({ state: 'pending', attempts: 0 });
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(NOW.getTime() + 3_600_000);
    // Nothing was held for the refused ones: one call, one held minute.
    expect(await db.call.count({ where: { businessId } })).toBe(1);
  });

  it("waits at the platform's daily campaign dials and goes on by itself when the day is over", async () => {
    const db = app.ctx.db;
    const { businessId, campaignId } = await running(usNumbers(4, 332));
    // This business has already started all but one of its campaign dials for the day.
    const key = `campaign:dials:${businessId}`;
    await db.rateWindow.create({
      data: { key, windowStart: new Date(), used: PLATFORM_LIMITS.campaignDialsPerDay - 1 },
    });
    const cycle = await dialCycle(app.ctx, campaignId, NOW);
    expect(cycle.dials.filter((d) => d.kind === 'placed')).toHaveLength(1);
    const refused = cycle.dials.filter((d) => d.kind !== 'placed');
    expect(refused).toHaveLength(3);
    for (const d of refused)
      expect(d).toEqual({ kind: 'skipped', reason: "the platform's daily campaign dials are used up" });
    const dials = await db.campaignDial.findMany({ where: { campaignId } });
    expect(dials).toHaveLength(1);
    expect(calledNumbers(new Set(dials.map((d) => d.id)))).toHaveLength(1);
    // Not paused: nobody has to resume it. The refused contacts wait, no attempt counted.
    expect(await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).toMatchObject({ status: 'running' });
    const waiting = await db.campaignTarget.findMany({ where: { campaignId, state: 'pending' } });
    expect(waiting).toHaveLength(3);
    for (const t of waiting) {
      expect(t.attempts).toBe(0);
      expect(t.nextAttemptAt.getTime()).toBeGreaterThan(NOW.getTime() + 23 * 3_600_000);
    }
    // Later the same day (the refused contacts due again): the tick claims nothing and says until when.
    const later = new Date(NOW.getTime() + 86_400_000 + 60_000);
    const again = await dialCycle(app.ctx, campaignId, later);
    expect(again.tick).toMatchObject({ status: 'running', claimed: 0 });
    expect(again.tick.dailyLimitResetsAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(again.dials).toEqual([]);
    expect(await db.campaignDial.count({ where: { campaignId } })).toBe(1);
    // The campaign's progress (as the API shows it) says so, for the console to tell why nothing is dialled.
    const progress = await progressOf(db, campaignId, businessId);
    expect(progress.dailyLimitResetsAt).toBe(again.tick.dailyLimitResetsAt!.toISOString());
    // The counter's day ends (its window is a day old): the campaign goes on with the rest.
    await db.rateWindow.update({ where: { key }, data: { windowStart: new Date(Date.now() - 86_400_000 - 1_000) } });
    const nextDay = await dialCycle(app.ctx, campaignId, later);
    expect(nextDay.tick.claimed).toBe(3);
    expect(nextDay.dials.filter((d) => d.kind === 'placed')).toHaveLength(3);
    expect(await db.campaignDial.count({ where: { campaignId } })).toBe(4);
  });
});
