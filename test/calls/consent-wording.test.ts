import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { realtimeEnv, startFakeRealtime, type FakeRealtimeServer } from '../../testkit/fake-realtime.ts';
import { queuedJobs } from '../../testkit/jobs.ts';
import { liveConsentedCall, until } from '../../testkit/live-call.ts';
import { fakeNumber, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';

/**
 * The words promise exactly what is kept: for every combination of the business's recording, transcription
 * and transcript-on-decline settings, and for a "yes" and a "no", a real call is answered, consented over
 * the keypad, talked through the media stream and processed; what the caller heard is compared with what
 * was recorded (a recording job) and what transcript survived.
 */
let app: TestApp;
let realtime: FakeRealtimeServer;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  realtime = await startFakeRealtime();
  app = await startTestApp({ env: telephonyEnv(realtimeEnv(realtime)) });
});
afterAll(async () => {
  await app.close();
  await realtime.close();
  nock.enableNetConnect();
});

/** Every <Say> of a TwiML document, joined. */
const spoken = (twiml: string) =>
  [...twiml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)]
    .map((m) => m[1]!.replaceAll('&apos;', "'").replaceAll('&quot;', '"'))
    .join(' ');

const combos = [false, true].flatMap((recordingEnabled) =>
  [false, true].flatMap((transcriptionEnabled) =>
    [false, true].map((transcriptOnDecline) => ({ recordingEnabled, transcriptionEnabled, transcriptOnDecline })),
  ),
);

describe('consent wording matches what is kept', () => {
  for (const settings of combos)
    for (const digit of ['1', '2'] as const)
      it(`${JSON.stringify(settings)}, caller presses ${digit}`, async () => {
        const phone = fakeNumber();
        await createBusiness(app.ctx.db, { name: 'Acme Plumbing', timezone: 'UTC', phone, ...settings } as never);
        const live = await liveConsentedCall(app, realtime, { phone, digits: digit });
        const question = spoken(live.answer.body);
        const afterAnswer = spoken(live.consent);
        live.ai.callerTranscript('item_1', 'My water heater burst, this is Ana Ruiz, call me back on 512 555 0142.');
        const stored = () => app.ctx.db.transcriptSegment.count({ where: { callId: live.call.id } });
        if (settings.transcriptionEnabled) await until(async () => (await stored()) === 1, 'working copy of the turn');
        else await new Promise((r) => setTimeout(r, 300));
        live.twilioSide.stop();
        await postTwilio(app.url, '/twilio/status', { CallSid: live.sid, CallStatus: 'completed', CallDuration: '40' });
        const result = await processCall(app.ctx, live.call.id);
        // The details for a follow-up come from the words: without transcription none are stored, even for the lead.
        expect(Boolean(result.leadId)).toBe(settings.transcriptionEnabled);

        const recorded = (await queuedJobs(app.ctx.db, 'call.start_recording', live.call.id)) > 0;
        const transcriptKept = (await stored()) > 0;
        // The question names what a "yes" keeps, nothing more, nothing less; and how to take it back.
        expect(/may be [^.]*recorded/.test(question)).toBe(settings.recordingEnabled);
        expect(/may be [^.]*transcribed/.test(question)).toBe(settings.transcriptionEnabled);
        const anything = settings.recordingEnabled || settings.transcriptionEnabled;
        expect(question.includes('press 9')).toBe(anything);
        if (!anything) expect(question).toContain("isn't recorded or transcribed.");
        if (digit === '1') {
          expect(recorded).toBe(settings.recordingEnabled);
          expect(transcriptKept).toBe(settings.transcriptionEnabled);
          expect(afterAnswer).toBe('');
        } else {
          expect(recorded).toBe(false);
          expect(afterAnswer).toMatch(/won't be recorded/);
          expect(transcriptKept).toBe(afterAnswer.includes('transcript is kept'));
          expect(transcriptKept).toBe(settings.transcriptionEnabled && settings.transcriptOnDecline);
          expect(afterAnswer.includes('keep only the details you give us')).toBe(
            settings.transcriptionEnabled && !transcriptKept,
          );
          expect(afterAnswer.includes('press 9')).toBe(transcriptKept);
        }
      });
});
