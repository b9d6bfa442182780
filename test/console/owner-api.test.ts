/**
 * The owner pages' own API (server/console/owner-routes.ts) through HTTP: usage per day as a gap-free
 * series in the business's time zone, the privacy request list for admins only, and the JSON recording
 * link — audited per view, refused (and not audited) for another tenant's call or an unconsented one.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { record } from '../../server/billing/ledger.ts';
import { dailySeries } from '../../server/console/usage-days.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia } from '../../testkit/http.ts';
import { seedInboxCalls } from '../../testkit/inbox-seed.ts';
import { callSid } from '../../testkit/twilio.ts';

describe('dailySeries (pure)', () => {
  it('one entry per calendar day in the time zone, zeros where nothing happened, seconds as minutes', () => {
    const s = dailySeries(
      new Date('2026-03-07T12:00:00Z'),
      new Date('2026-03-10T03:00:00Z'), // still 9 March in Chicago
      'America/Chicago',
      [{ day: '2026-03-08', value: 3 }],
      [{ day: '2026-03-09', value: 90 }],
    );
    expect(s).toEqual([
      { date: '2026-03-07', calls: 0, minutes: 0 },
      { date: '2026-03-08', calls: 3, minutes: 0 },
      { date: '2026-03-09', calls: 0, minutes: 1.5 },
    ]);
  });
});

describe('owner console API', () => {
  let app: TestApp;
  let owner: Awaited<ReturnType<typeof verifiedSignup>>;
  let stranger: Awaited<ReturnType<typeof verifiedSignup>>;
  let businessId = '';

  beforeAll(async () => {
    app = await startTestApp({ upgrades: false });
    owner = await verifiedSignup(app, 'owner');
    stranger = await verifiedSignup(app, 'stranger');
    businessId = (await createBusinessVia(app.url, owner.accessToken, { timezone: 'UTC' })).id;
    await createBusinessVia(app.url, stranger.accessToken);
  });
  afterAll(async () => {
    await app?.close();
  });

  const recordedCall = async (consent: 'granted' | 'declined') => {
    const c = await app.ctx.db.call.create({
      data: {
        businessId,
        twilioCallSid: callSid(),
        direction: 'inbound',
        status: 'completed',
        recordingSid: 'RE' + randomUUID().replace(/-/g, ''),
      },
    });
    await app.ctx.db.consentRecord.create({ data: { callId: c.id, businessId, outcome: consent, promptText: 'OK?' } });
    return c.id;
  };

  it('usage per day: this period’s calls and minutes, and the alert level', async () => {
    await seedInboxCalls(app.ctx.db, businessId, 3);
    await record(app.ctx.db, { businessId, kind: 'usage', seconds: -120, key: `t:${randomUUID()}` });
    const r = await call(app.url, 'GET', `/api/v1/businesses/${businessId}/usage/daily`, { token: owner.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.days).toHaveLength(30);
    const today = r.body.days.at(-1);
    expect(r.body.days.reduce((n: number, d: { calls: number }) => n + d.calls, 0)).toBe(3);
    expect(today.minutes + (r.body.days.at(-2)?.minutes ?? 0)).toBe(2);
    expect(r.body.usedSeconds).toBe(120);
    expect([0, 80, 100]).toContain(r.body.alertPercent);
    const other = await call(app.url, 'GET', `/api/v1/businesses/${businessId}/usage/daily`, {
      token: stranger.accessToken,
    });
    expect([403, 404]).toContain(other.status);
  });

  it('privacy request list: newest first, admins only', async () => {
    for (const type of ['export', 'erase'] as const)
      expect(
        (
          await call(app.url, 'POST', `/api/v1/businesses/${businessId}/privacy-requests`, {
            token: owner.accessToken,
            body: { type, phone: '+15125550199' },
          })
        ).status,
      ).toBe(202);
    const list = await call(app.url, 'GET', `/api/v1/businesses/${businessId}/privacy-requests`, {
      token: owner.accessToken,
    });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { type: string }) => i.type)).toEqual(['erase', 'export']);
    expect(list.body.items[0].downloadable).toBe(false);
    const other = await call(app.url, 'GET', `/api/v1/businesses/${businessId}/privacy-requests`, {
      token: stranger.accessToken,
    });
    expect([403, 404]).toContain(other.status);
  });

  it('recording link: audited per view with its expiry; ATTACK: another tenant or an unconsented call gets nothing, unaudited', async () => {
    const ok = await recordedCall('granted');
    const r = await call(app.url, 'GET', `/api/v1/calls/${ok}/recording-link`, { token: owner.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.url).toContain(`/recordings/${ok}?exp=`);
    expect(r.body.expiresIn).toBeGreaterThan(0);
    expect(r.body.expiresIn).toBeLessThanOrEqual(3600);
    expect(Date.parse(r.body.expiresAt) - Date.now()).toBeLessThanOrEqual(r.body.expiresIn * 1000 + 1000);
    const views = () => app.ctx.db.auditLog.count({ where: { action: 'recording.viewed', target: ok } });
    expect(await views()).toBe(1);

    const stolen = await call(app.url, 'GET', `/api/v1/calls/${ok}/recording-link`, { token: stranger.accessToken });
    expect([403, 404]).toContain(stolen.status);
    expect(stolen.body.url).toBeUndefined();
    expect(await views()).toBe(1);

    const declined = await recordedCall('declined');
    const no = await call(app.url, 'GET', `/api/v1/calls/${declined}/recording-link`, { token: owner.accessToken });
    expect(no.status).toBe(404);
    expect(await app.ctx.db.auditLog.count({ where: { action: 'recording.viewed', target: declined } })).toBe(0);
    expect(
      (await call(app.url, 'GET', `/api/v1/calls/not-a-uuid/recording-link`, { token: owner.accessToken })).status,
    ).toBe(422);
  });
});
