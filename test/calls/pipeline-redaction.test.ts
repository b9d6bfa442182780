import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { REDACTION_MARKERS } from '../../server/leads/redact.ts';
import { createLogger } from '../../server/log.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import {
  startFakeRealtime,
  type FakeRealtimeConnection,
  type FakeRealtimeServer,
} from '../../testkit/fake-realtime.ts';
import { liveConsentedCall, until } from '../../testkit/live-call.ts';
import { queuedJobs } from '../../testkit/jobs.ts';
import { fakeNumber, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';

/**
 * A card read out over several turns of a live call, through the real sockets and the real database: what
 * is stored is redacted turn by turn (earlier turns too, once a later one shows what they were), it stays
 * redacted when the post-call job never runs, and nothing of it (or of the keypad) reaches the logs.
 */
let app: TestApp;
let realtime: FakeRealtimeServer;
const logLines: string[] = [];
beforeAll(async () => {
  realtime = await startFakeRealtime({ echo: 'exact' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-ca-'));
  writeFileSync(path.join(dir, 'ca.pem'), realtime.ca);
  const sink = new Writable({
    write: (chunk, _enc, done) => (logLines.push(...String(chunk).split('\n').filter(Boolean)), done()),
  });
  app = await startTestApp({
    env: telephonyEnv({
      OPENAI_API_KEY: realtime.apiKey,
      OPENAI_BASE_URL: realtime.baseURL,
      OPENAI_REALTIME_CA_FILE: path.join(dir, 'ca.pem'),
    }),
    ctx: { log: createLogger('debug', sink) },
  });
});
afterAll(async () => {
  await app.close();
  await realtime.close();
});

const DIGIT_WORDS = /\d|\b(oh|one|two|three|four|five|six|seven|eight|nine|twenty)\b/i;

/** Answers a call, consents, and opens the Media Stream. */
async function liveCall() {
  const phone = fakeNumber();
  await createBusiness(app.ctx.db, {
    name: 'Around The Clock Plumbing',
    services: ['drain cleaning'],
    timezone: 'America/Chicago',
    phone,
  });
  const { sid, call, twilioSide, ai } = await liveConsentedCall(app, realtime, { phone });
  return { sid, call, twilioSide, ai };
}

const segments = (callId: string) =>
  app.ctx.db.transcriptSegment.findMany({ where: { callId }, orderBy: { seq: 'asc' } });

/** Sends one segment and waits until it is stored; returns every stored text of the call. */
async function say(
  ai: FakeRealtimeConnection,
  callId: string,
  n: number,
  speaker: 'agent' | 'caller',
  text: string,
): Promise<string[]> {
  if (speaker === 'agent') ai.agentTranscript(`item_${n}`, text);
  else ai.callerTranscript(`item_${n}`, text);
  await until(async () => (await app.ctx.db.transcriptSegment.count({ where: { callId } })) === n, `segment ${n}`);
  return (await segments(callId)).map((s) => s.text);
}

/** Every string value in the captured log lines. */
function loggedStrings(): string[] {
  const walk = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(walk) : [];
  return logLines.flatMap((l) => walk(JSON.parse(l)));
}

describe('a card read out during a live call', () => {
  it('is never stored, kept after a call the post-call job never processed, or logged', async () => {
    const { sid, call, twilioSide, ai } = await liveCall();
    const conversation: ['agent' | 'caller', string][] = [
      ['agent', 'Thanks for calling Around The Clock Plumbing. How can I help?'],
      ['caller', "Hi, this is Dana Reyes, my kitchen drain is clogged. I'd like to pay the deposit by card."],
      ['agent', 'Sure, go ahead.'],
      ['caller', 'Four one one one, one one one one,'],
      ['caller', 'one one one one, one one one one.'],
      ['caller', 'Oh four slash twenty seven.'],
      ['caller', 'Seven three one.'],
      ['agent', 'Thanks Dana. A technician will call you back to confirm.'],
    ];
    for (const [i, [speaker, text]] of conversation.entries()) {
      if (i === 4) for (const d of ['4', '1', '1', '7']) twilioSide.dtmf(d); // and a few keypad presses mid-card
      const stored = await say(ai, call.id, i + 1, speaker, text);
      for (const t of stored.slice(3)) expect(t, `after turn ${i + 1}`).not.toMatch(DIGIT_WORDS);
    }
    const rows = await segments(call.id);
    expect(rows.map((s) => s.text).slice(3, 7)).toEqual([
      `${REDACTION_MARKERS.card},`,
      `${REDACTION_MARKERS.card}.`,
      `${REDACTION_MARKERS.card} slash ${REDACTION_MARKERS.card}.`,
      `${REDACTION_MARKERS.card}.`,
    ]);
    expect(rows[1]!.text).toContain('Dana Reyes');

    // The caller hangs up; the call completes, but the post-call job never gets to run.
    twilioSide.stop();
    await ai.closed;
    await until(
      async () => (await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).endReason,
      'end reason',
    );
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '80' });
    expect(await queuedJobs(app.ctx.db, 'call.process', call.id)).toBe(1);
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).processedAt).toBeNull();
    const after = (await segments(call.id)).map((s) => s.text).join(' ');
    expect(after).not.toMatch(/4111|1111|\bfour one one one\b|\bseven three one\b|twenty seven/i);

    // The logs saw the call (the relay's summary line) but none of its numbers or keypad presses.
    await until(async () => logLines.some((l) => l.includes('call relay finished')), 'relay summary logged');
    const strings = loggedStrings();
    expect(strings.some((s) => s.includes(call.id))).toBe(true);
    for (const s of strings) expect(s).not.toMatch(/4111|1111|one one one|seven three one|twenty seven/i);
    for (const d of ['4', '1', '7']) expect(strings).not.toContain(d);
  });

  it('re-redacts the turns already stored once a later piece shows they were a card', async () => {
    const { call, twilioSide, ai } = await liveCall();
    await say(ai, call.id, 1, 'caller', 'Can I pay the deposit with my Visa now?');
    await say(ai, call.id, 2, 'agent', 'Okay.');
    await say(ai, call.id, 3, 'caller', 'four one one one one one');
    await say(ai, call.id, 4, 'caller', 'one one one one one');
    // Eleven digits in odd groups are nothing yet; the sixteenth makes a Luhn-valid card of all three turns.
    const stored = await say(ai, call.id, 5, 'caller', 'one one one one one.');
    expect(stored.slice(2)).toEqual([REDACTION_MARKERS.card, REDACTION_MARKERS.card, `${REDACTION_MARKERS.card}.`]);
    const rows = await segments(call.id);
    expect(rows.map((r) => [r.seq, r.speaker, r.itemId])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [n, n === 2 ? 'agent' : 'caller', `item_${n}:${n === 2 ? 'agent' : 'caller'}`]),
    );
    twilioSide.stop();
    await ai.closed;
  });
});
