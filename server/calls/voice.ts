import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { sqlOf } from '../db/client.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { checkDialNumber } from '../businesses/dial-policy.ts';
import { createAnswerer } from './answer.ts';
import { validationProblem } from '../http/problem.ts';
import { declinedPreamble, MAX_CONSENT_ATTEMPTS, parseConsentAnswer } from './consent.ts';
import { streamToken } from './stream-token.ts';
import * as twiml from './twiml.ts';
import { recordingSid, twilioSeconds } from './twilio-guard.ts';
import { mediaStreamUrl } from './twilio-webhook.ts';

const voiceBody = z.object({
  CallSid: z.string().min(10).max(64),
  From: z.string().max(64).optional().default(''),
  To: z.string().max(64).optional().default(''),
  Direction: z.string().max(32).optional().default('inbound'),
});
const voiceQuery = z.object({ callbackRequestId: z.uuid().optional() });
const consentBody = z.object({
  CallSid: z.string().min(10).max(64),
  Digits: z.string().max(10).optional(),
  SpeechResult: z.string().max(500).optional(),
});
const consentQuery = z.object({
  callId: z.uuid(),
  attempt: z.coerce.number().int().min(1).max(10),
  timeout: z.string().optional(),
});

/** TwiML straight onto the socket: Twilio neither revalidates nor caches, so send()'s ETag hashing buys nothing. */
function sendXml(res: Response, xml: string) {
  res.setHeader('Content-Type', 'text/xml; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(xml));
  res.end(xml);
}

function parse<T extends z.ZodType>(schema: T, v: unknown): z.output<T> {
  const r = schema.safeParse(v);
  if (!r.success) throw validationProblem(r.error);
  return r.data;
}

/**
 * POST /twilio/voice — answered in one statement, shared with the calls arriving at the same time (see
 * answer.ts). Unknown number → notice and hang-up; a business that is inactive or out of minutes never
 * gets an AI conversation: forward, else voicemail. Otherwise: disclosure and consent question, then the
 * AI conversation.
 */
export function voiceHandler(ctx: AppContext) {
  const base = ctx.config.PUBLIC_BASE_URL;
  // No AI conversation that could not happen (no OpenAI key configured).
  const answer = createAnswerer(sqlOf(ctx.db), {
    aiAvailable: Boolean(ctx.config.OPENAI_API_KEY),
    graceDays: ctx.config.BILLING_GRACE_DAYS,
  });
  const consentTwiml = new Map<string, (callId: string) => string>();
  const askConsent = (prompt: string) => {
    let t = consentTwiml.get(prompt);
    if (!t) {
      if (consentTwiml.size >= 1000) consentTwiml.clear();
      t = twiml.fillable((callId) => {
        const action = `${base}/twilio/consent?callId=${callId}&attempt=1`;
        return twiml.askConsent({ prompt, actionUrl: action, noInputUrl: `${action}&timeout=1` });
      });
      consentTwiml.set(prompt, t);
    }
    return t;
  };
  return async (req: Request, res: Response) => {
    const body = parse(voiceBody, req.body);
    const query = parse(voiceQuery, req.query);
    const outbound = body.Direction.startsWith('outbound');
    const call = await answer({
      callSid: body.CallSid,
      // Outbound callbacks ring the visitor from the business's number, so the business is the caller ID.
      businessNumber: outbound ? body.From : body.To,
      direction: outbound ? 'outbound' : 'inbound',
      from: body.From || null,
      to: body.To || null,
      callbackRequestId: query.callbackRequestId ?? null,
    });
    if (!call) return sendXml(res, twiml.unknownNumber());
    if (call.callbackRequestId)
      await ctx.db.$transaction((tx) =>
        ctx.recordCallbackProgress(tx, call.callbackRequestId!, { status: 'in_conversation' }),
      );
    const { callId } = call;

    if (call.mode !== 'ai') {
      const fallback = `${base}/twilio/fallback?callId=${callId}`;
      // A row older than the dial policy may hold a number it refuses: such a call goes to voicemail.
      if (call.mode === 'forwarded' && checkDialNumber(call.forwardingNumber!).ok)
        return sendXml(
          res,
          twiml.forward({ to: call.forwardingNumber!, callerId: body.From || undefined, actionUrl: fallback }),
        );
      return sendXml(
        res,
        twiml.voicemail({
          businessName: call.businessName,
          recordingCallbackUrl: `${base}/twilio/recording`,
          actionUrl: `${base}/twilio/fallback?callId=${callId}&after=voicemail`,
        }),
      );
    }
    return sendXml(res, askConsent(call.prompt!)(callId));
  };
}

/**
 * POST /twilio/consent — the caller's answer. Yes → recording starts (if the business records) and the
 * conversation begins; no → conversation without recording; silence → asked once more, then no_answer.
 */
export function consentHandler(ctx: AppContext) {
  const base = ctx.config.PUBLIC_BASE_URL;
  return async (req: Request, res: Response) => {
    const body = parse(consentBody, req.body);
    const q = parse(consentQuery, req.query);
    const call = await ctx.db.call.findUnique({ where: { id: q.callId }, include: { business: true, consent: true } });
    if (!call || call.twilioCallSid !== body.CallSid || !call.consent)
      return sendXml(res, twiml.goodbye('Sorry, something went wrong. Goodbye.'));
    const answer = q.timeout ? null : parseConsentAnswer({ digits: body.Digits, speech: body.SpeechResult });
    const attempts = call.consent.attempts + 1;

    if (!answer && attempts < MAX_CONSENT_ATTEMPTS) {
      await ctx.db.consentRecord.update({ where: { callId: call.id }, data: { attempts } });
      const action = `${base}/twilio/consent?callId=${call.id}&attempt=${attempts + 1}`;
      // The wording the caller was first asked (a callback's opening included), not today's default.
      return sendXml(
        res,
        twiml.askConsent({
          prompt: `Sorry, I didn't catch that. ${call.consent.promptText}`,
          actionUrl: action,
          noInputUrl: `${action}&timeout=1`,
        }),
      );
    }
    const outcome = answer === 'yes' ? 'granted' : answer === 'no' ? 'declined' : 'no_answer';
    const record = outcome === 'granted' && call.business.recordingEnabled;
    await ctx.db.$transaction(async (tx) => {
      // Only the first final answer counts (Twilio may retry a webhook).
      const { count } = await tx.consentRecord.updateMany({
        where: { callId: call.id, outcome: 'pending' },
        data: {
          outcome,
          attempts,
          answeredAt: new Date(),
          method: body.Digits ? 'dtmf' : body.SpeechResult ? 'speech' : null,
          answer: (body.Digits ?? body.SpeechResult ?? '').slice(0, 200) || null,
        },
      });
      if (count && record)
        await enqueue(tx, 'call.start_recording', { callId: call.id }, { jobKey: `record:${call.id}`, maxAttempts: 3 });
    });
    const preamble = outcome === 'granted' ? undefined : declinedPreamble(call.business, outcome);
    return sendXml(
      res,
      twiml.connectStream({
        streamUrl: mediaStreamUrl(base),
        parameters: { callId: call.id, token: streamToken(ctx.config.jwtSecret, call.id) },
        preamble,
      }),
    );
  };
}

/**
 * POST /twilio/fallback — after a <Dial> to the forwarding number (or a transfer) ends: answered calls are
 * done; unanswered ones go to voicemail, once.
 */
const fallbackBody = z
  .object({
    CallSid: z.string().max(64).optional(),
    DialCallStatus: z.string().max(32).optional(),
    RecordingSid: recordingSid.optional(),
    RecordingDuration: twilioSeconds().optional(),
  })
  .passthrough();

export function fallbackHandler(ctx: AppContext) {
  const base = ctx.config.PUBLIC_BASE_URL;
  return async (req: Request, res: Response) => {
    const q = parse(z.object({ callId: z.uuid(), after: z.string().optional() }), req.query);
    const b = parse(fallbackBody, req.body);
    const call = await ctx.db.call.findUnique({ where: { id: q.callId }, include: { business: true } });
    if (call && q.after === 'voicemail' && b.RecordingSid && b.CallSid === call.twilioCallSid) {
      // <Record>'s action arrives when the message ends, often before the recording status callback and
      // the call's "completed": keeping the id now means the post-call job always knows there is a message.
      await ctx.db.call.updateMany({
        where: { id: call.id, recordingSid: null },
        data: {
          recordingSid: b.RecordingSid,
          ...(b.RecordingDuration !== undefined ? { recordingSeconds: b.RecordingDuration } : {}),
        },
      });
    }
    if (!call || q.after === 'voicemail' || b.DialCallStatus === 'completed' || b.DialCallStatus === 'answered')
      return sendXml(res, twiml.goodbye());
    await ctx.db.call.update({ where: { id: call.id }, data: { mode: 'voicemail' } });
    return sendXml(
      res,
      twiml.voicemail({
        businessName: call.business.name,
        recordingCallbackUrl: `${base}/twilio/recording`,
        actionUrl: `${base}/twilio/fallback?callId=${call.id}&after=voicemail`,
      }),
    );
  };
}
