import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { sqlOf } from '../../server/db/client.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, signup } from '../../testkit/http.ts';
import { callSid, fakeNumber, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';
import { setBalance } from '../../testkit/minutes.ts';

/**
 * The voice webhook's group commit and its per-process memory of each number's prompt, over two app
 * instances on one database (two web nodes).
 */
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  [a, b] = await Promise.all([startTestApp({ env: telephonyEnv() }), startTestApp({ env: telephonyEnv() })]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

async function business(overrides: Record<string, unknown> = {}) {
  const owner = await signup(a.url, 'voice');
  const account = await a.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
  const phone = fakeNumber();
  const biz = await createBusiness(a.ctx.db, {
    name: 'Rapid Rooter',
    services: ['drain cleaning'],
    phone,
    ownerAccountId: account.id,
    ...overrides,
  });
  return { biz, phone, token: owner.accessToken };
}

const voice = (app: TestApp, sid: string, to: string) =>
  postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: '+15125550142', To: to, Direction: 'inbound' });
const callIdOf = (twiml: string) => /callId=([0-9a-f-]{36})/.exec(twiml)?.[1];
const promptOf = (twiml: string) => /<Say>([^<]*)<\/Say>/.exec(twiml)?.[1];

/** Counts the batched answer statements on an app's pool and the calls they carried; each is held `holdMs` first, as a busy database would. */
function countBatches(app: TestApp, holdMs = 0) {
  const pool = sqlOf(app.ctx.db);
  const seen = { statements: 0, calls: 0 };
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const spy = vi.spyOn(pool, 'query').mockImplementation(((
    q: { name?: string; values?: unknown[][] },
    ...rest: unknown[]
  ) => {
    if (q?.name === 'calls.answer_batch') {
      seen.statements++;
      seen.calls += q.values![0]!.length;
      if (holdMs) return new Promise((r) => setTimeout(r, holdMs)).then(() => original(q, ...rest));
    }
    return original(q, ...rest);
  }) as never);
  return { seen, restore: () => spy.mockRestore() };
}

describe('group commit of answered calls', () => {
  it('answers N concurrent calls with N call rows and consent records, in fewer statements than calls', async () => {
    const { biz, phone } = await business();
    const sids = Array.from({ length: 40 }, callSid);
    const counter = countBatches(a, 50);
    const replies = await Promise.all(sids.map((sid) => voice(a, sid, phone)));
    counter.restore();
    expect(replies.map((r) => r.status)).toEqual(sids.map(() => 200));
    const ids = replies.map((r) => callIdOf(r.body));
    expect(new Set(ids).size).toBe(40);
    const rows = await a.ctx.db.call.findMany({ where: { twilioCallSid: { in: sids } }, include: { consent: true } });
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      expect(row).toMatchObject({ businessId: biz.id, mode: 'ai', status: 'in_progress', direction: 'inbound' });
      expect(ids[sids.indexOf(row.twilioCallSid)]).toBe(row.id);
      expect(row.consent?.promptText).toContain('Rapid Rooter');
    }
    expect(counter.seen.calls).toBe(40);
    // Two batches out at a time: while they are, the other calls queue and leave together.
    expect(counter.seen.statements).toBeLessThanOrEqual(10);
  });

  it('a CallSid retried concurrently makes one row, one consent record and the same TwiML every time', async () => {
    const { phone } = await business();
    const sid = callSid();
    const others = Array.from({ length: 5 }, callSid);
    const counter = countBatches(a, 20);
    const replies = await Promise.all([
      ...Array.from({ length: 6 }, () => voice(a, sid, phone)),
      ...others.map((s) => voice(a, s, phone)),
      voice(b, sid, phone),
    ]);
    counter.restore();
    const same = [...replies.slice(0, 6), replies.at(-1)!];
    expect(same.map((r) => r.status)).toEqual(same.map(() => 200));
    expect(new Set(same.map((r) => r.body)).size).toBe(1);
    const rows = await a.ctx.db.call.findMany({ where: { twilioCallSid: sid }, include: { consent: true } });
    expect(rows).toHaveLength(1);
    expect(callIdOf(same[0]!.body)).toBe(rows[0]!.id);
    expect(await a.ctx.db.consentRecord.count({ where: { callId: rows[0]!.id } })).toBe(1);
    expect(await a.ctx.db.call.count({ where: { twilioCallSid: { in: others } } })).toBe(5);
  });

  it('answers each call of a mixed batch on its own terms: AI, forwarded, unknown number', async () => {
    const { phone: ai } = await business();
    const { biz: broke, phone: fwd } = await business({ forwardingNumber: '+15125559999' });
    await setBalance(a.ctx.db, broke.id, 0);
    const [r1, r2, r3] = await Promise.all([
      voice(a, callSid(), ai),
      voice(a, callSid(), fwd),
      voice(a, callSid(), '+19995550000'),
    ]);
    expect(r1!.body).toContain('<Gather');
    expect(r2!.body).toContain('<Number>+15125559999</Number>');
    expect(r3!.body).toContain('not in service');
  });

  it('one call the database refuses does not fail the calls batched with it', async () => {
    const { phone } = await business();
    // An outbound callback whose callback request does not exist breaks a foreign key.
    const bad = postTwilio(a.url, `/twilio/voice?callbackRequestId=${randomUUID()}`, {
      CallSid: callSid(),
      From: phone,
      To: '+15125550142',
      Direction: 'outbound-api',
    });
    const good = Array.from({ length: 8 }, () => voice(a, callSid(), phone));
    const counter = countBatches(a, 20);
    const [badReply, ...goodReplies] = await Promise.all([bad, ...good]);
    counter.restore();
    expect(counter.seen.statements).toBeLessThan(counter.seen.calls);
    // That call alone ends politely (safe TwiML, never a 5xx Twilio would retry).
    expect(badReply!.status).toBe(200);
    expect(badReply!.body).toContain('Sorry, something went wrong');
    expect(goodReplies.map((r) => r.status)).toEqual(good.map(() => 200));
  });
});

describe('what the caller is asked, after the business changes it', () => {
  it('a new consent wording is spoken and recorded on the very next call, on every node', async () => {
    const { biz, phone, token } = await business();
    // Both nodes have answered this number, so both have seen the old wording.
    expect(promptOf((await voice(a, callSid(), phone)).body)).toContain('Thanks for calling Rapid Rooter');
    expect(promptOf((await voice(b, callSid(), phone)).body)).toContain('Thanks for calling Rapid Rooter');

    const wording = 'Hola from Rapid Rooter! May we record this call? Press 1 for yes.';
    const patched = await call(b.url, 'PATCH', `/api/v1/businesses/${biz.id}`, {
      token,
      body: { consentPrompt: wording },
    });
    expect(patched.status).toBe(200);
    for (const node of [a, b]) {
      const sid = callSid();
      const r = await voice(node, sid, phone);
      expect(promptOf(r.body)).toBe(wording);
      const row = await a.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid }, include: { consent: true } });
      expect(row.consent?.promptText).toBe(wording);
    }

    // The default wording names the business and says whether it records.
    await a.ctx.db.business.update({
      where: { id: biz.id },
      data: { consentPrompt: null, name: 'Rooter Bros', recordingEnabled: false },
    });
    const r = await voice(a, callSid(), phone);
    expect(promptOf(r.body)).toContain('Thanks for calling Rooter Bros');
    expect(promptOf(r.body)).toContain('may be transcribed so');
  });

  it('a number moved to another business is answered as that business on the next call', async () => {
    const { biz: first, phone } = await business();
    await voice(a, callSid(), phone);
    const { biz: second } = await business({ name: 'Drain Kings' });
    await a.ctx.db.phoneNumber.update({ where: { e164: phone }, data: { businessId: second.id } });
    const sid = callSid();
    const r = await voice(a, sid, phone);
    expect(promptOf(r.body)).toContain('Thanks for calling Drain Kings');
    const row = await a.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid }, include: { consent: true } });
    expect(row.businessId).toBe(second.id);
    expect(row.consent).toMatchObject({ businessId: second.id });
    expect(row.businessId).not.toBe(first.id);
  });

  it('a retried webhook asks what the consent record says, even if the wording changed in between', async () => {
    const { biz, phone } = await business();
    const sid = callSid();
    const first = await voice(a, sid, phone);
    await a.ctx.db.business.update({ where: { id: biz.id }, data: { consentPrompt: 'A newer wording.' } });
    const retried = await voice(a, sid, phone);
    expect(retried.body).toBe(first.body);
    const row = await a.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid }, include: { consent: true } });
    expect(row.consent?.promptText).toBe(promptOf(first.body));
  });
});

describe('a website callback', () => {
  it('opens by saying why we are calling, on both nodes, and asks the same again after silence', async () => {
    const { biz, phone } = await business();
    const cb = await a.ctx.db.callbackRequest.create({
      data: { businessId: biz.id, name: 'Dana', phone: '+15125550142', consentCall: true, tokenHash: 'x' },
    });
    const outbound = (app: TestApp, sid: string) =>
      postTwilio(app.url, `/twilio/voice?callbackRequestId=${cb.id}`, {
        CallSid: sid,
        From: phone,
        To: '+15125550142',
        Direction: 'outbound-api',
      });
    for (const app of [a, b, a]) {
      const r = await outbound(app, callSid());
      const prompt = promptOf(r.body)!;
      expect(prompt).toMatch(
        /^Hi, this is Rapid Rooter, calling you back about the request you left on our website\. You(&apos;|')re speaking with an AI assistant/,
      );
      expect(prompt).not.toContain('Thanks for calling');
    }
    // An inbound call to the same number, answered by the same node right after, still gets the inbound wording.
    const inbound = await voice(a, callSid(), phone);
    expect(promptOf(inbound.body)).toMatch(/^Thanks for calling Rapid Rooter\./);

    const sid = callSid();
    const first = await outbound(a, sid);
    const callId = callIdOf(first.body)!;
    const again = await postTwilio(a.url, `/twilio/consent?callId=${callId}&attempt=1&timeout=1`, { CallSid: sid });
    expect(promptOf(again.body)).toMatch(
      /^Sorry, I didn(&apos;|')t catch that\. Hi, this is Rapid Rooter, calling you back/,
    );
    const record = await a.ctx.db.consentRecord.findUniqueOrThrow({ where: { callId } });
    expect(record.promptText).toMatch(/^Hi, this is Rapid Rooter, calling you back/);
  });
});
