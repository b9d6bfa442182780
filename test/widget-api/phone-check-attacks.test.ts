/**
 * #12.2, the SMS proof of a callback number attacked over HTTP: when a business verifies numbers, no
 * callback exists unless the code texted to that number, for that business, came back once, in time and
 * within five guesses; whatever a script (or a widget with a stale config) sends. Codes are read from the
 * Twilio REST stand-in, as the visitor's phone would receive them; "nothing written" means no callback
 * request, no event, no SMS consent record (the job is written in the same transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../testkit/app.ts';
import { call } from '../../testkit/http.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';
import {
  makeBusiness,
  randomIp,
  randomUsNumber,
  startWidgetApp,
  TWILIO_SID,
  TWILIO_TOKEN,
  validCallback,
} from '../../testkit/widget-app.ts';
import { withProof } from '../../testkit/widget-proof.ts';

let app: TestApp;
let twilio: TwilioRestStandin;
/** The widget API's clock runs this far ahead of the wall clock (expiry without waiting ten minutes). */
let skewMs = 0;

beforeAll(async () => {
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  app = await startWidgetApp({
    env: { TWILIO_API_BASE_URL: twilio.url },
    widget: {
      now: () => Date.now() + skewMs,
      // Room for the attacks themselves; the guess and spend rules under test have no knob.
      limits: {
        perIp: { max: 1000, windowSeconds: 600 },
        perNumber: { max: 100, windowSeconds: 3600 },
        smsPerNumber: { max: 100, windowSeconds: 3600 },
      },
    },
  });
});
afterAll(async () => {
  await app?.close();
  await twilio?.stop();
});

type Business = Awaited<ReturnType<typeof makeBusiness>>;
const verifying = () => makeBusiness(app.ctx, { widgetSettings: { verifyPhone: true } });

/** Texts a code to `phone` for `b` as the widget asks for one; returns the check's id and the code the phone got. */
async function textCode(b: Business, phone: string): Promise<{ id: string; code: string }> {
  const before = twilio.messages().length;
  const r = await call(app.url, 'POST', '/widget/v1/phone-checks', {
    headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
    body: await withProof(app.url, b.origin, { key: b.widgetPublicKey, phone }),
  });
  expect(r.status).toBe(201);
  const sms = twilio.messages().slice(before);
  expect(sms).toHaveLength(1);
  expect(sms[0]!.to).toBe(phone);
  return { id: r.body.id, code: /\b(\d{6})\b/.exec(sms[0]!.body)![1]! };
}

/** A callback request body with a fresh proof of work (solved before any request of a burst is sent). */
const request = (b: Business, over: Record<string, unknown>) =>
  withProof(app.url, b.origin, validCallback(b.widgetPublicKey, over));
const send = (b: Business, body: unknown) =>
  call(app.url, 'POST', '/widget/v1/callbacks', { headers: { origin: b.origin, 'x-forwarded-for': randomIp() }, body });

async function written(b: Business) {
  const [callbacks, events, consents] = await Promise.all([
    app.ctx.db.callbackRequest.count({ where: { businessId: b.id } }),
    app.ctx.db.callbackEvent.count({ where: { callback: { businessId: b.id } } }),
    app.ctx.db.smsConsentRecord.count({ where: { businessId: b.id } }),
  ]);
  return { callbacks, events, consents };
}
const NOTHING = { callbacks: 0, events: 0, consents: 0 };
const dropJob = (id: string) => app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + id})`;
const wrongFor = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, '0');
const firstPath = (r: { body: { errors?: { path: string }[] } }) => r.body.errors?.[0]?.path;

describe('a business that verifies callback numbers', () => {
  it('refuses a request without a check (a widget on a stale config sends one), and writes nothing', async () => {
    const b = await verifying();
    const r = await send(b, await request(b, { phone: randomUsNumber(), consentSms: true }));
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(firstPath(r)).toBe('phoneCheck');
    // A script that also fails the fill-time rule gets the bots' decoy: an id that names nothing.
    const decoy = await send(b, await request(b, { phone: randomUsNumber(), elapsedMs: 5 }));
    expect(decoy.status).toBe(201);
    expect(await app.ctx.db.callbackRequest.findUnique({ where: { id: decoy.body.id } })).toBeNull();
    expect(await written(b)).toEqual(NOTHING);
  });

  it('refuses forged, tampered and expired checks, and checks of another number, business or code', async () => {
    const b = await verifying();
    const other = await verifying();
    const phone = randomUsNumber();
    const check = await textCode(b, phone);
    const [exp, nonce, sig] = check.id.split('.') as [string, string, string];
    const attempts: [string, Record<string, unknown>, string][] = [
      [
        'a made-up check',
        { phone, phoneCheck: { id: `${exp}.bm9uY2Vub25jZQ.${'A'.repeat(43)}`, code: check.code } },
        'phoneCheck.code',
      ],
      [
        'its deadline pushed back',
        { phone, phoneCheck: { id: `${Number(exp) + 3600}.${nonce}.${sig}`, code: check.code } },
        'phoneCheck.code',
      ],
      ['another number', { phone: randomUsNumber(), phoneCheck: check }, 'phoneCheck.code'],
      ['a wrong code', { phone, phoneCheck: { id: check.id, code: wrongFor(check.code) } }, 'phoneCheck.code'],
    ];
    // A check the other business texted to the same number.
    const theirs = await textCode(other, phone);
    attempts.push(['another business', { phone, phoneCheck: theirs }, 'phoneCheck.code']);
    // The code of a second check of the same number, with the first one's ticket.
    let second = await textCode(b, phone);
    while (second.code === check.code) second = await textCode(b, phone);
    attempts.push(['another check', { phone, phoneCheck: { id: check.id, code: second.code } }, 'phoneCheck.code']);
    for (const [what, over, path] of attempts) {
      const r = await send(b, await request(b, over));
      expect([what, r.status, firstPath(r)]).toEqual([what, 422, path]);
    }
    // Ten minutes on, the right code of an untouched check is refused too.
    const late = await textCode(b, phone);
    skewMs = 601_000;
    try {
      const r = await send(b, await request(b, { phone, phoneCheck: late }));
      expect([r.status, firstPath(r)]).toEqual([422, 'phoneCheck']);
    } finally {
      skewMs = 0;
    }
    expect(await written(b)).toEqual(NOTHING);
    expect(await written(other)).toEqual(NOTHING);

    // The control: the same request with its own check and code is accepted.
    const ok = await send(b, await request(b, { phone, phoneCheck: second }));
    expect(ok.status).toBe(201);
    await dropJob(ok.body.id);
    expect(await written(b)).toEqual({ callbacks: 1, events: 1, consents: 0 });
  });

  it('spends a check once, even when its right code arrives many times at once', async () => {
    const b = await verifying();
    const phone = randomUsNumber();
    const check = await textCode(b, phone);
    const bodies = [];
    // Four at once, then a fifth: every try counts as a guess, and five are allowed.
    for (let i = 0; i < 4; i++) bodies.push(await request(b, { phone, phoneCheck: check }));
    const answers = await Promise.all(bodies.map((body) => send(b, body)));
    const created = answers.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(answers.filter((r) => r.status === 422 && firstPath(r) === 'phoneCheck')).toHaveLength(3);
    await dropJob(created[0]!.body.id);
    // And once more, later.
    const again = await send(b, await request(b, { phone, phoneCheck: check }));
    expect([again.status, firstPath(again)]).toEqual([422, 'phoneCheck']);
    expect((await written(b)).callbacks).toBe(1);
  });

  it('counts guesses atomically: parallel wrong codes burn the check at five, then the right one is refused', async () => {
    const b = await verifying();
    const phone = randomUsNumber();
    const check = await textCode(b, phone);
    const bodies = [];
    for (let i = 1; i <= 12; i++)
      bodies.push(await request(b, { phone, phoneCheck: { id: check.id, code: wrongFor(check.code, i) } }));
    const answers = await Promise.all(bodies.map((body) => send(b, body)));
    expect(answers.filter((r) => r.status === 422 && firstPath(r) === 'phoneCheck.code')).toHaveLength(5);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(7);
    const right = await send(b, await request(b, { phone, phoneCheck: check }));
    expect(right.status).toBe(429);
    expect(await written(b)).toEqual(NOTHING);
  });
});
