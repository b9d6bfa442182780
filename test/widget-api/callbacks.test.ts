import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testkit/http.ts';
import type { TestApp } from '../../testkit/app.ts';
import { placeCallback } from '../../server/widget-api/place-call.ts';
import { widgetTasks } from '../../server/widget-api/tasks.ts';
import {
  makeBusiness,
  randomIp,
  randomUsNumber,
  jsonReply,
  startWidgetApp,
  TWILIO_API,
  TWILIO_SID,
  validCallback,
} from '../../testkit/widget-app.ts';
import { withProof } from '../../testkit/widget-proof.ts';

let app: TestApp;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startWidgetApp({
    widget: { limits: { perIp: { max: 4, windowSeconds: 600 }, perNumber: { max: 2, windowSeconds: 3600 } } },
  });
});
afterAll(async () => {
  await app.close();
  nock.enableNetConnect();
});
afterEach(() => nock.cleanAll());

/** As the widget posts: with a freshly solved proof of work. */
const post = async (origin: string, body: { key: string }, ip = randomIp()) =>
  call(app.url, 'POST', '/widget/v1/callbacks', {
    headers: { origin, 'x-forwarded-for': ip },
    body: await withProof(app.url, origin, body),
  });
const jobsFor = (id: string) =>
  app.ctx.db.$queryRaw<{ task_identifier: string; payload: unknown; key: string | null; max_attempts: number }[]>`
    select t.identifier as task_identifier, j.payload, j.key, j.max_attempts
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where j.key = ${'callback:' + id}`;
/** The job is run here directly (no worker in tests: any worker would race other files for it). */
const dropJob = (id: string) => app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + id})`;

describe('POST /widget/v1/callbacks', () => {
  it('creates a queued callback with a capability token (hash only stored), its first event and the job', async () => {
    const b = await makeBusiness(app.ctx);
    const r = await post(b.origin, validCallback(b.widgetPublicKey, { phone: '212-555-0142', consentSms: true }));
    expect(r.status).toBe(201);
    expect(r.headers.get('access-control-allow-origin')).toBe(b.origin);
    expect(Object.keys(r.body).sort()).toEqual(['id', 'status', 'token']);
    expect(r.body.status).toBe('queued');
    const row = await app.ctx.db.callbackRequest.findUniqueOrThrow({
      where: { id: r.body.id },
      include: { events: true },
    });
    expect(row).toMatchObject({
      businessId: b.id,
      name: 'Dana Visitor',
      phone: '+12125550142',
      reason: 'Leaking tap',
      consentCall: true,
      consentSms: true,
      status: 'queued',
      origin: b.origin,
    });
    expect(row.tokenHash).not.toContain(r.body.token);
    expect(row.events.map((e) => e.status)).toEqual(['queued']);
    // The SMS opt-in is on record: when, from where, the wording the visitor saw, the number.
    const optIn = await app.ctx.db.smsConsentRecord.findFirstOrThrow({ where: { callbackRequestId: r.body.id } });
    expect(optIn).toMatchObject({
      businessId: b.id,
      phone: '+12125550142',
      event: 'opt_in',
      source: 'web_form',
      wording: 'Text me updates (optional)',
    });
    const jobs = await jobsFor(r.body.id);
    expect(jobs).toEqual([
      {
        task_identifier: 'callback.place',
        payload: { callbackRequestId: r.body.id },
        key: `callback:${r.body.id}`,
        max_attempts: 3,
      },
    ]);
    await dropJob(r.body.id);
  });

  it('answers 422 problems with field paths the widget can show', async () => {
    const b = await makeBusiness(app.ctx);
    const r = await post(
      b.origin,
      validCallback(b.widgetPublicKey, { name: '', consentCall: false, reason: 'x'.repeat(501) }),
    );
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    // CORS headers even on errors, so the widget can read them.
    expect(r.headers.get('access-control-allow-origin')).toBe(b.origin);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['consentCall', 'name', 'reason']);
    const bad = await post(b.origin, validCallback(b.widgetPublicKey, { phone: '12' }));
    expect(bad.body.errors[0].path).toBe('phone');
  });

  it('normalises numbers to E.164 with the business country as default', async () => {
    const gb = await makeBusiness(app.ctx, { country: 'GB', timezone: 'Europe/London' }, '+442079460000');
    const r = await post(gb.origin, validCallback(gb.widgetPublicKey, { phone: '07400 123456' }));
    expect(r.status).toBe(201);
    expect((await app.ctx.db.callbackRequest.findUniqueOrThrow({ where: { id: r.body.id } })).phone).toBe(
      '+447400123456',
    );
    await dropJob(r.body.id);
  });

  it('refuses premium-rate, toll-free, shared-cost and short numbers', async () => {
    const b = await makeBusiness(app.ctx);
    for (const phone of ['+1 900 555 0100', '1-800-555-0100', '911', '211']) {
      const r = await post(b.origin, validCallback(b.widgetPublicKey, { phone }));
      expect(r.status, phone).toBe(422);
      expect(r.body.errors[0].path).toBe('phone');
    }
    const gb = await makeBusiness(app.ctx, { country: 'GB' }, '+442079460001');
    for (const phone of ['09011234567', '0871 234 5678', '0845 464 0000']) {
      const r = await post(gb.origin, validCallback(gb.widgetPublicKey, { phone }));
      expect(r.status, phone).toBe(422);
    }
    expect(await app.ctx.db.callbackRequest.count({ where: { businessId: { in: [b.id, gb.id] } } })).toBe(0);
  });

  it('only calls countries on the allowlist (default: the business country)', async () => {
    const us = await makeBusiness(app.ctx);
    const fr = '+33 6 12 34 56 78';
    const r = await post(us.origin, validCallback(us.widgetPublicKey, { phone: fr }));
    expect(r.status).toBe(422);
    expect(r.body.errors[0].message).toMatch(/country/);
    const both = await makeBusiness(app.ctx, { widgetSettings: { allowedCountries: ['US', 'FR'] } });
    const ok = await post(both.origin, validCallback(both.widgetPublicKey, { phone: fr }));
    expect(ok.status).toBe(201);
    await dropJob(ok.body.id);
  });

  it('limits requests per client IP (429 with Retry-After), shared through the database', async () => {
    const b = await makeBusiness(app.ctx);
    const ip = randomIp();
    for (let i = 0; i < 4; i++) {
      const r = await post(b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() }), ip);
      expect(r.status).toBe(201);
      await dropJob(r.body.id);
    }
    const limited = await post(b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() }), ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-policy')).toMatch(/^"widget-ip";q=\d+;w=\d+$/);
    expect(limited.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
    // Another process (a second app on the same database) sees the same count.
    const other = await startWidgetApp({ widget: { limits: { perIp: { max: 4, windowSeconds: 600 } } } });
    try {
      expect(
        (
          await call(other.url, 'POST', '/widget/v1/callbacks', {
            headers: { origin: b.origin, 'x-forwarded-for': ip },
            body: await withProof(other.url, b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() })),
          })
        ).status,
      ).toBe(429);
    } finally {
      await other.close();
    }
    expect((await post(b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() }))).status).toBe(201);
  });

  it('limits callbacks per visitor number across businesses', async () => {
    const a = await makeBusiness(app.ctx);
    const b = await makeBusiness(app.ctx);
    const phone = randomUsNumber();
    for (const biz of [a, b]) {
      const r = await post(biz.origin, validCallback(biz.widgetPublicKey, { phone }));
      expect(r.status).toBe(201);
      await dropJob(r.body.id);
    }
    const third = await post(a.origin, validCallback(a.widgetPublicKey, { phone: phone.replace('+1', '') }));
    expect(third.status).toBe(429);
  });

  it("enforces the business's daily cap", async () => {
    const b = await makeBusiness(app.ctx, { widgetSettings: { dailyCallbackCap: 2 } });
    for (let i = 0; i < 2; i++) {
      const r = await post(b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() }));
      expect(r.status).toBe(201);
      await dropJob(r.body.id);
    }
    const over = await post(b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() }));
    expect(over.status).toBe(429);
    expect(await app.ctx.db.callbackRequest.count({ where: { businessId: b.id } })).toBe(2);
    // Refused numbers do not use up the cap of another business.
    const c = await makeBusiness(app.ctx, { widgetSettings: { dailyCallbackCap: 1 } });
    expect((await post(c.origin, validCallback(c.widgetPublicKey, { phone: '+19005550100' }))).status).toBe(422);
    const ok = await post(c.origin, validCallback(c.widgetPublicKey, { phone: randomUsNumber() }));
    expect(ok.status).toBe(201);
    await dropJob(ok.body.id);
  });

  it('gives bots (honeypot filled, or faster than a person) a decoy 201 and places nothing', async () => {
    const b = await makeBusiness(app.ctx);
    for (const over of [{ website: 'http://spam.example' }, { elapsedMs: 400 }]) {
      const r = await post(b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber(), ...over }));
      expect(r.status).toBe(201);
      expect(r.body.status).toBe('queued');
      expect(await jobsFor(r.body.id)).toEqual([]);
    }
    expect(await app.ctx.db.callbackRequest.count({ where: { businessId: b.id } })).toBe(0);
  });
});

describe('callback.place', () => {
  it('calls the visitor from the business number through Twilio REST, then records the call and "calling"', async () => {
    const b = await makeBusiness(app.ctx);
    const r = await post(b.origin, validCallback(b.widgetPublicKey, { phone: '(212) 555-0199' }));
    await dropJob(r.body.id);
    let form: Record<string, unknown> = {};
    const scope = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls.json`, (body) => {
        // nock parses url-encoded bodies into an object; a string is parsed here in case it did not.
        form =
          typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, unknown>);
        return true;
      })
      .reply(...jsonReply(201, { sid: 'CA' + 'a'.repeat(32), status: 'queued' }));
    // Through the task as the worker runs it.
    const helpers = { job: { attempts: 1, max_attempts: 3 }, logger: { info: () => {} } } as never;
    await widgetTasks(app.ctx)['callback.place']!({ callbackRequestId: r.body.id }, helpers);
    expect(scope.isDone()).toBe(true);
    expect(form).toMatchObject({
      To: '+12125550199',
      From: b.phone,
      Url: `https://leadline.test/twilio/voice?callbackRequestId=${r.body.id}`,
      StatusCallback: 'https://leadline.test/twilio/status',
      Method: 'POST',
    });
    const cb = await app.ctx.db.callbackRequest.findUniqueOrThrow({
      where: { id: r.body.id },
      include: { calls: true, events: { orderBy: { id: 'asc' } } },
    });
    expect(cb.status).toBe('calling');
    expect(cb.attempts).toBe(1);
    expect(cb.calls).toHaveLength(1);
    expect(cb.calls[0]).toMatchObject({
      twilioCallSid: 'CA' + 'a'.repeat(32),
      direction: 'outbound',
      status: 'queued',
      from: b.phone,
      to: '+12125550199',
      businessId: b.id,
    });
    expect(cb.events.map((e) => e.status)).toEqual(['queued', 'calling']);
    // Delivered twice (a worker crash, a duplicate job): nothing is dialled again.
    expect(await placeCallback(app.ctx, r.body.id, { lastAttempt: false })).toEqual({
      placed: false,
      reason: 'callback is calling',
    });
  });

  it('fails the callback with a reason when calling is not configured', async () => {
    const noPhone = await startWidgetApp({ ctx: { telephony: null } });
    try {
      const b = await makeBusiness(noPhone.ctx);
      const r = await call(noPhone.url, 'POST', '/widget/v1/callbacks', {
        headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
        body: await withProof(noPhone.url, b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() })),
      });
      await dropJob(r.body.id);
      expect(await placeCallback(noPhone.ctx, r.body.id, { lastAttempt: false })).toEqual({
        placed: false,
        reason: 'calling is not configured',
      });
      const events = await noPhone.ctx.db.callbackEvent.findMany({
        where: { callbackRequestId: r.body.id },
        orderBy: { id: 'asc' },
      });
      expect(events.map((e) => [e.status, e.data])).toEqual([
        ['queued', {}],
        ['failed', { reason: 'calling is not configured' }],
      ]);
    } finally {
      await noPhone.close();
    }
  });

  it('fails on a permanent Twilio error, retries (throws) on a transient one', async () => {
    const b = await makeBusiness(app.ctx);
    const r = await post(b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() }));
    await dropJob(r.body.id);
    nock(TWILIO_API)
      .post(/Calls\.json/)
      .times(3)
      .reply(...jsonReply(503, { code: 20500, message: 'Service unavailable', status: 503 }));
    await expect(placeCallback(app.ctx, r.body.id, { lastAttempt: false })).rejects.toThrow();
    expect((await app.ctx.db.callbackRequest.findUniqueOrThrow({ where: { id: r.body.id } })).status).toBe('queued');
    nock.cleanAll();
    nock(TWILIO_API)
      .post(/Calls\.json/)
      .reply(...jsonReply(400, { code: 21217, message: 'Phone number does not appear to be valid', status: 400 }));
    expect(await placeCallback(app.ctx, r.body.id, { lastAttempt: false })).toEqual({
      placed: false,
      reason: 'the call could not be placed',
    });
    expect((await app.ctx.db.callbackRequest.findUniqueOrThrow({ where: { id: r.body.id } })).status).toBe('failed');
  });
});
