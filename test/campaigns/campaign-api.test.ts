/**
 * #19 B, the campaigns API through HTTP: validation (caller ID, windows, plan pacing), tenancy, the
 * lifecycle and its audit, and start planning one target per contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_LIMITS } from '../../server/businesses/dial-policy.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { seedList, usNumbers } from '../../testkit/campaign-seed.ts';
import { call, createBusinessVia } from '../../testkit/http.ts';
import { queuedJobs } from '../../testkit/jobs.ts';
import { telephonyEnv } from '../../testkit/twilio.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: telephonyEnv() });
});
afterAll(() => app.close());

async function owner(tag = 'campaigns') {
  const u = await verifiedSignup(app, tag);
  const b = await createBusinessVia(app.url, u.accessToken, { timezone: 'America/Chicago' });
  const number = usNumbers(1, 512)[0]!;
  await app.ctx.db.phoneNumber.create({ data: { businessId: b.id, e164: number } });
  const listId = await seedList(app.ctx.db, b.id, [
    { phone: usNumbers(1, 212)[0]!, name: 'Ann', timeZone: 'America/New_York' },
    { phone: usNumbers(1, 310)[0]!, name: 'Bo', timeZone: 'America/Los_Angeles' },
    { phone: usNumbers(1, 808)[0]!, name: 'Cy' }, // no zone: the business's
  ]);
  return { token: u.accessToken, id: b.id, number, listId };
}

const body = (o: Awaited<ReturnType<typeof owner>>, extra: Record<string, unknown> = {}) => ({
  listId: o.listId,
  name: 'Spring check-ups',
  goal: 'book',
  script: 'Offer a spring boiler check-up at $89.',
  greeting: 'Hi, this is Acme Plumbing calling about a spring check-up.',
  disclosure: 'Hi, this is an AI assistant calling for Acme Plumbing.',
  callerId: o.number,
  ...extra,
});

const create = (o: { token: string; id: string }, b: Record<string, unknown>) =>
  call(app.url, 'POST', `/api/v1/businesses/${o.id}/campaigns`, { token: o.token, body: b });

describe('creating a campaign', () => {
  it('clamps the window to 08:00–21:00 recipient time and keeps the rest as sent', async () => {
    const o = await owner();
    const r = await create(o, body(o, { window: { start: '06:30', end: '23:00', days: [1, 2, 3] } }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      status: 'draft',
      callerId: o.number,
      window: { start: '08:00', end: '21:00', days: [1, 2, 3] },
    });
    const narrow = await create(o, body(o, { window: { start: '10:15', end: '16:45' } }));
    expect(narrow.body.window).toMatchObject({ start: '10:15', end: '16:45' });
  });

  it("refuses a caller ID that is not one of the business's numbers: 400, nothing written", async () => {
    const o = await owner();
    const other = await owner('other-tenant');
    const before = await app.ctx.db.campaign.count({ where: { businessId: o.id } });
    for (const callerId of [other.number, '+15125550199']) {
      const r = await create(o, body(o, { callerId }));
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.errors[0].path).toBe('callerId');
    }
    expect(await app.ctx.db.campaign.count({ where: { businessId: o.id } })).toBe(before);
    expect(await app.ctx.db.auditLog.count({ where: { businessId: o.id, action: 'campaign.created' } })).toBe(0);
  });

  it('refuses pacing beyond the plan, a window with no room, and a list of another business', async () => {
    const o = await owner();
    const other = await owner('other-list');
    expect((await create(o, body(o, { maxConcurrent: 51 }))).body.errors[0].path).toBe('maxConcurrent');
    expect((await create(o, body(o, { callsPerMinute: 101 }))).body.errors[0].path).toBe('callsPerMinute');
    // Past the platform's ceilings (PLATFORM_LIMITS), whatever the plan: 422 at the edge.
    for (const over of [
      { maxConcurrent: PLATFORM_LIMITS.campaignConcurrentCalls + 1 },
      { callsPerMinute: PLATFORM_LIMITS.campaignCallsPerMinute + 1 },
    ]) {
      const r = await create(o, body(o, over));
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe(Object.keys(over)[0]);
      expect(r.body.errors[0].message).toContain('on this platform');
    }
    const early = await create(o, body(o, { window: { start: '05:00', end: '08:05' } }));
    expect(early.status).toBe(422);
    const foreign = await create(o, body(o, { listId: other.listId }));
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].path).toBe('listId');
    expect(await app.ctx.db.campaign.count({ where: { businessId: o.id } })).toBe(0);
  });
});

describe('tenancy', () => {
  it("another tenant's campaign is 404 for reading and for every action, and nothing changes", async () => {
    const o = await owner();
    const c = (await create(o, body(o))).body;
    const intruder = await owner('intruder');
    // Their own business id with our campaign id, and our business id: both look like nothing.
    for (const path of [
      `/api/v1/businesses/${intruder.id}/campaigns/${c.id}`,
      `/api/v1/businesses/${o.id}/campaigns/${c.id}`,
    ]) {
      expect((await call(app.url, 'GET', path, { token: intruder.token })).status).toBe(404);
      for (const t of ['start', 'pause', 'cancel'])
        expect((await call(app.url, 'POST', `${path}/${t}`, { token: intruder.token })).status).toBe(404);
    }
    const row = await app.ctx.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.status).toBe('draft');
    expect(await app.ctx.db.campaignTarget.count({ where: { campaignId: c.id } })).toBe(0);
  });
});

describe('lifecycle', () => {
  it('start plans a target per contact in its zone (the business zone when unknown), queues the tick, audits each step', async () => {
    const o = await owner();
    const c = (await create(o, body(o))).body;
    const act = (t: string) =>
      call(app.url, 'POST', `/api/v1/businesses/${o.id}/campaigns/${c.id}/${t}`, { token: o.token });
    const started = await act('start');
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('running');
    expect(started.body.progress).toMatchObject({ targets: 3, pending: 3, dialling: 0, done: 0, dials: 0 });
    const zones = (await app.ctx.db.campaignTarget.findMany({ where: { campaignId: c.id } }))
      .map((t) => t.timeZone)
      .sort();
    expect(zones).toEqual(['America/Chicago', 'America/Los_Angeles', 'America/New_York']);
    expect(await queuedJobs(app.ctx.db, 'campaign.tick', c.id)).toBe(1);
    expect((await act('start')).status).toBe(409);
    expect((await act('resume')).status).toBe(409);
    expect((await act('pause')).body.status).toBe('paused');
    expect((await act('resume')).body.status).toBe('running');
    expect((await act('cancel')).body.status).toBe('cancelled');
    expect((await act('resume')).status).toBe(409);
    const actions = (
      await app.ctx.db.auditLog.findMany({ where: { businessId: o.id, target: c.id }, orderBy: { createdAt: 'asc' } })
    ).map((a) => a.action);
    expect(actions).toEqual([
      'campaign.created',
      'campaign.started',
      'campaign.paused',
      'campaign.resumed',
      'campaign.cancelled',
    ]);
    const list = await call(app.url, 'GET', `/api/v1/businesses/${o.id}/campaigns`, { token: o.token });
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });
});
