/**
 * #12.2 toll fraud, each attack through the public interface: settings beyond the platform's limits, a
 * script posting the widget form without doing the work, an unverified sign-up making Leadline dial, a
 * number the visitor does not own, and dials past the balance, the caps or the destination's daily count.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_LIMITS } from '../../server/businesses/dial-policy.ts';
import { placeCallback } from '../../server/widget-api/place-call.ts';
import type { TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import { setBalance } from '../../testkit/minutes.ts';
import { postTwilio } from '../../testkit/twilio.ts';
import {
  jsonReply,
  makeBusiness,
  randomIp,
  randomUsNumber,
  startWidgetApp,
  TWILIO_API,
  TWILIO_SID,
  TWILIO_TOKEN,
  validCallback,
} from '../../testkit/widget-app.ts';
import { fetchChallenge, solve, withProof } from '../../testkit/widget-proof.ts';

let app: TestApp;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // Generous per-number limits, so the platform's per-destination cap is what stops the repeated dials.
  app = await startWidgetApp({
    env: { OPENAI_API_KEY: 'sk-test-0123456789' },
    widget: { limits: { perNumber: { max: 100, windowSeconds: 3600 }, perIp: { max: 1000, windowSeconds: 600 } } },
  });
});
afterAll(async () => {
  await app.close();
  nock.enableNetConnect();
});
afterEach(() => nock.cleanAll());

const post = (origin: string, body: unknown) =>
  call(app.url, 'POST', '/widget/v1/callbacks', { headers: { origin, 'x-forwarded-for': randomIp() }, body });
const dropJob = (id: string) => app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + id})`;
const countFor = (businessId: string) => app.ctx.db.callbackRequest.count({ where: { businessId } });

describe('platform limits a tenant cannot raise', () => {
  it('refuses settings beyond them with 422 and keeps nothing', async () => {
    const owner = await signup(app.url, 'limits');
    const b = await createBusinessVia(app.url, owner.accessToken, { widgetOrigins: ['https://limits.example'] });
    const patch = (body: unknown) =>
      call(app.url, 'PATCH', `/api/v1/businesses/${b.id}`, { token: owner.accessToken, body });
    const attempts: [unknown, string][] = [
      [{ widgetSettings: { dailyCallbackCap: 10_000 } }, 'widgetSettings.dailyCallbackCap'],
      [{ widgetSettings: { allowedCountries: ['US', 'CU'] } }, 'widgetSettings.allowedCountries.1'],
      [{ forwardingNumber: '+19005550100' }, 'forwardingNumber'], // US premium rate
      [{ forwardingNumber: '+881612345678' }, 'forwardingNumber'], // satellite
      [{ forwardingNumber: '+447000123456' }, 'forwardingNumber'], // UK personal number (revenue share)
    ];
    for (const [body, path] of attempts) {
      const r = await patch(body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const row = await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } });
    expect(row.forwardingNumber).toBeNull();
    expect(row.widgetSettings).toEqual({});
    // At the limit is fine.
    const ok = await patch({
      widgetSettings: { dailyCallbackCap: PLATFORM_LIMITS.callbacksPerDay },
      forwardingNumber: '+15125550100',
    });
    expect(ok.status).toBe(200);
  });
});

describe('proof of work on every callback request', () => {
  it('refuses a request without a solved, fresh, unspent challenge of ours for this business; nothing written', async () => {
    const b = await makeBusiness(app.ctx);
    const other = await makeBusiness(app.ctx);
    const body = validCallback(b.widgetPublicKey, { phone: randomUsNumber() });
    const c = await fetchChallenge(app.url, b.widgetPublicKey, b.origin);
    const elsewhere = await fetchChallenge(app.url, other.widgetPublicKey, other.origin);
    const [bits, exp, nonce] = c.challenge.split('.');
    // solve() returns the first counter that works, so 0 is unsolved unless it is that one (1 in 65 536).
    const answer = solve(c.challenge, c.bits);
    const forged = `1.${exp}.${nonce}.x`; // made easier by hand: the signature no longer matches
    const refused: Record<string, unknown>[] = [
      { ...body }, // none
      ...(answer === '0' ? [] : [{ ...body, proof: { challenge: c.challenge, solution: '0' } }]),
      { ...body, proof: { challenge: elsewhere.challenge, solution: solve(elsewhere.challenge, elsewhere.bits) } },
      { ...body, proof: { challenge: forged, solution: solve(forged, 1) } },
    ];
    expect(bits).toBe('16');
    for (const r of refused) {
      const res = await post(b.origin, r);
      expect(res.status, JSON.stringify(r.proof)).toBe(422);
      expect(res.body.errors[0].path).toMatch(/^proof/);
    }
    const good = { ...body, proof: { challenge: c.challenge, solution: answer } };
    const first = await post(b.origin, good);
    expect(first.status).toBe(201);
    await dropJob(first.body.id);
    const replay = await post(b.origin, { ...good, phone: randomUsNumber() });
    expect(replay.status).toBe(422);
    expect(replay.body.errors[0].message).toMatch(/already used/);
    expect(await countFor(b.id)).toBe(1);
  });
});

describe('outbound calling needs a verified owner', () => {
  it('an unverified sign-up cannot make its widget place calls: 403, nothing written', async () => {
    const owner = await signup(app.url, 'unverified');
    const origin = 'https://unverified.example';
    const b = await createBusinessVia(app.url, owner.accessToken, { widgetOrigins: [origin] });
    const r = await post(
      origin,
      await withProof(app.url, origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() })),
    );
    expect(r.status).toBe(403);
    expect(r.body.type).toMatch(/callbacks-unavailable/);
    expect(await countFor(b.id)).toBe(0);
    // Once the owner's e-mail is verified, the same form works.
    await app.ctx.db.account.update({ where: { email: owner.email }, data: { emailVerifiedAt: new Date() } });
    const ok = await post(
      origin,
      await withProof(app.url, origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() })),
    );
    expect(ok.status).toBe(201);
    await dropJob(ok.body.id);
  });
});

describe('SMS proof of the number, when the business asks for it', () => {
  it('dials only a number whose owner typed back the code texted to it', async () => {
    const b = await makeBusiness(app.ctx, { widgetSettings: { verifyPhone: true } });
    // The widget knows up front that it must ask for a code.
    const config = await call(app.url, 'GET', `/widget/v1/config?key=${b.widgetPublicKey}`, {
      headers: { origin: b.origin },
    });
    expect(config.body.requirePhoneCheck).toBe(true);
    const phone = randomUsNumber();
    const without = await post(
      b.origin,
      await withProof(app.url, b.origin, validCallback(b.widgetPublicKey, { phone })),
    );
    expect(without.status).toBe(422);
    expect(without.body.errors[0].path).toBe('phoneCheck');

    let sms: Record<string, string> = {};
    nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`, (body) => {
        sms = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body;
        return true;
      })
      .reply(...jsonReply(201, { sid: 'SM' + 'a'.repeat(32), status: 'queued' }));
    const sent = await call(app.url, 'POST', '/widget/v1/phone-checks', {
      headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
      body: await withProof(app.url, b.origin, { key: b.widgetPublicKey, phone }),
    });
    expect(sent.status).toBe(201);
    expect(sms).toMatchObject({ To: phone, From: b.phone });
    const code = /\b(\d{6})\b/.exec(sms.Body!)![1]!;
    expect(sent.body.id).not.toContain(code);

    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const bad = await post(
      b.origin,
      await withProof(
        app.url,
        b.origin,
        validCallback(b.widgetPublicKey, { phone, phoneCheck: { id: sent.body.id, code: wrong } }),
      ),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('phoneCheck.code');
    // The code proves this number only.
    const otherNumber = await post(
      b.origin,
      await withProof(
        app.url,
        b.origin,
        validCallback(b.widgetPublicKey, { phone: randomUsNumber(), phoneCheck: { id: sent.body.id, code } }),
      ),
    );
    expect(otherNumber.status).toBe(422);
    expect(await countFor(b.id)).toBe(0);

    const ok = await post(
      b.origin,
      await withProof(
        app.url,
        b.origin,
        validCallback(b.widgetPublicKey, { phone, phoneCheck: { id: sent.body.id, code } }),
      ),
    );
    expect(ok.status).toBe(201);
    await dropJob(ok.body.id);
    const again = await post(
      b.origin,
      await withProof(
        app.url,
        b.origin,
        validCallback(b.widgetPublicKey, { phone, phoneCheck: { id: sent.body.id, code } }),
      ),
    );
    expect(again.status).toBe(422);
    expect(await countFor(b.id)).toBe(1);
  });

  it('stops guessing after five wrong codes, and texts one number at most three times an hour', async () => {
    const b = await makeBusiness(app.ctx, { widgetSettings: { verifyPhone: true } });
    const phone = randomUsNumber();
    nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`)
      .times(3)
      .reply(...jsonReply(201, { sid: 'SM' + 'b'.repeat(32), status: 'queued' }));
    const texts = [];
    for (let i = 0; i < 4; i++)
      texts.push(
        await call(app.url, 'POST', '/widget/v1/phone-checks', {
          headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
          body: await withProof(app.url, b.origin, { key: b.widgetPublicKey, phone }),
        }),
      );
    expect(texts.map((t) => t.status)).toEqual([201, 201, 201, 429]);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const r = await post(
        b.origin,
        await withProof(
          app.url,
          b.origin,
          validCallback(b.widgetPublicKey, { phone, phoneCheck: { id: texts[0]!.body.id, code: `00000${i}` } }),
        ),
      );
      statuses.push(r.status);
    }
    // Five guesses answered (a lucky one would be a 201), the sixth refused whatever it says.
    expect(statuses.slice(5)).toEqual([429]);
    expect(await countFor(b.id)).toBeLessThanOrEqual(1);
  });
});

describe('before every dial: policy, caps and a reservation', () => {
  async function queued(b: Awaited<ReturnType<typeof makeBusiness>>, phone = randomUsNumber()) {
    const r = await post(b.origin, await withProof(app.url, b.origin, validCallback(b.widgetPublicKey, { phone })));
    expect(r.status).toBe(201);
    await dropJob(r.body.id);
    return r.body.id as string;
  }

  it('holds a minute before dialling; the answer takes no second hold; the final status releases it', async () => {
    const b = await makeBusiness(app.ctx);
    await setBalance(app.ctx.db, b.id, 120);
    const id = await queued(b);
    const sid = 'CA' + 'd'.repeat(32);
    let heldDuringDial = -1;
    nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls.json`)
      .reply(async () => {
        heldDuringDial = (await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } })).heldSeconds;
        return jsonReply(201, { sid, status: 'queued' });
      });
    expect(await placeCallback(app.ctx, id, { lastAttempt: false })).toEqual({ placed: true });
    expect(heldDuringDial).toBe(60);
    const callRow = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
    expect(callRow.reservedSeconds).toBe(60);

    const answer = await postTwilio(
      app.url,
      `/twilio/voice?callbackRequestId=${id}`,
      { CallSid: sid, From: b.phone!, To: callRow.to!, Direction: 'outbound-api' },
      { token: TWILIO_TOKEN },
    );
    expect(answer.status).toBe(200);
    expect((await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } })).heldSeconds).toBe(60);
    await postTwilio(
      app.url,
      '/twilio/status',
      { CallSid: sid, CallStatus: 'completed', CallDuration: '30' },
      { token: TWILIO_TOKEN },
    );
    const after = await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } });
    expect(after.heldSeconds).toBe(0);
    expect(after.secondsBalance).toBe(60);
  });

  it('dials nothing without minutes, and gives the hold back when Twilio refuses the dial', async () => {
    const b = await makeBusiness(app.ctx);
    await setBalance(app.ctx.db, b.id, 0);
    const id = await queued(b);
    expect(await placeCallback(app.ctx, id, { lastAttempt: false })).toEqual({
      placed: false,
      reason: 'the business has no minutes left',
    });
    expect(nock.pendingMocks()).toEqual([]);
    expect(await app.ctx.db.call.count({ where: { businessId: b.id } })).toBe(0);

    await setBalance(app.ctx.db, b.id, 600);
    const id2 = await queued(b);
    nock(TWILIO_API)
      .post(/Calls\.json/)
      .reply(...jsonReply(400, { code: 21215, message: 'Geo permission', status: 400 }));
    expect((await placeCallback(app.ctx, id2, { lastAttempt: false })).placed).toBe(false);
    const after = await app.ctx.db.business.findUniqueOrThrow({ where: { id: b.id } });
    expect(after.heldSeconds).toBe(0);
    expect(await app.ctx.db.call.count({ where: { businessId: b.id } })).toBe(0);
  });

  it('caps dials to one number per day across all businesses', async () => {
    const victim = randomUsNumber();
    const outcomes: boolean[] = [];
    for (let i = 0; i <= PLATFORM_LIMITS.dialsPerDestinationPerDay; i++) {
      const b = await makeBusiness(app.ctx);
      const id = await queued(b, victim);
      nock(TWILIO_API)
        .post(/Calls\.json/)
        .reply(...jsonReply(201, { sid: `CA${String(i).padStart(32, 'e')}`, status: 'queued' }));
      const r = await placeCallback(app.ctx, id, { lastAttempt: false });
      outcomes.push(r.placed);
      if (!r.placed) expect(r.reason).toBe('this number has been called too often today');
    }
    expect(outcomes).toEqual([...Array(PLATFORM_LIMITS.dialsPerDestinationPerDay).fill(true), false]);
    nock.cleanAll();
  });
});
