/**
 * Twilio's webhooks for campaign dials, signature-checked like every Twilio webhook, each naming its dial
 * (`dialId`, the marker put in the URLs when the call was created):
 * - voice: the person answered; disclosure and the recording question (then /twilio/consent and the media
 *   relay, as for any call), with the minute held since the dial;
 * - status: the call's lifecycle through calls' own accounting, then the dial's outcome;
 * - amd: Twilio's machine detection: a machine gets the campaign's message (or a hang-up).
 */
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { applyCallStatus } from '../calls/status.ts';
import { answerTwiml, answerTwimlOnError, twilioFields, twilioSeconds } from '../calls/twilio-guard.ts';
import { verifyTwilio } from '../calls/twilio-webhook.ts';
import * as twiml from '../calls/twiml.ts';
import type { AppContext } from '../context.ts';
import { validationProblem } from '../http/problem.ts';
import { adoptSid } from './dial.ts';
import { completeDial } from './complete.ts';
import { isMachine } from './outcome.ts';

const dialQuery = z.object({ dialId: z.uuid() });
const sidField = z.string().min(10).max(64);
const voiceBody = z.object({ CallSid: sidField });
const statusBody = z.object({
  CallSid: sidField,
  CallStatus: z.string().max(32),
  CallDuration: twilioSeconds().optional(),
  AnsweredBy: z.string().max(40).optional(),
});
const amdBody = z.object({ CallSid: sidField, AnsweredBy: z.string().max(40) });

function parse<T extends z.ZodType>(schema: T, v: unknown): z.output<T> {
  const r = schema.safeParse(v);
  if (!r.success) throw validationProblem(r.error);
  return r.data;
}

/** The recording question after the campaign's disclosure: the same yes/no the consent handler reads. */
export const campaignConsentPrompt = (disclosure: string, recording: boolean) =>
  `${disclosure.trim()} This call may be ${recording ? 'recorded and transcribed' : 'transcribed'}. Is that okay? Say yes or press 1. Say no or press 2.`;

export function campaignTwilioRoutes(ctx: AppContext): Router {
  const r = Router();
  const base = ctx.config.PUBLIC_BASE_URL;
  const twilio = [...verifyTwilio(ctx), twilioFields];
  const sendXml = (res: Response, xml: string) => res.type('text/xml').send(xml);

  /** The dial and its call, once the SID Twilio names is this dial's. */
  const dialOf = async (dialId: string, sid: string) => {
    await adoptSid(ctx.db, dialId, sid);
    const d = await ctx.db.campaignDial.findUnique({
      where: { id: dialId },
      include: { campaign: { include: { business: true } } },
    });
    return d && d.twilioCallSid === sid ? d : null;
  };

  r.post(
    '/twilio/campaign/voice',
    ...twilio,
    answerTwiml(ctx, async (req: Request, res: Response) => {
      const q = parse(dialQuery, req.query);
      const b = parse(voiceBody, req.body);
      const d = await dialOf(q.dialId, b.CallSid);
      if (!d?.callId) return sendXml(res, twiml.goodbye('Sorry, something went wrong. Goodbye.'));
      const c = d.campaign;
      // The machine verdict can come first (DetectMessageEnd on a short greeting): no question for a machine.
      if (isMachine(d.answeredBy)) return sendXml(res, machineTwiml(c));
      const prompt = campaignConsentPrompt(c.disclosure, c.business.recordingEnabled);
      await ctx.db.$transaction(async (tx) => {
        await tx.call.updateMany({
          where: { id: d.callId!, status: { in: ['queued', 'ringing'] } },
          data: { status: 'in_progress', answeredAt: new Date(), mode: 'ai' },
        });
        await tx.consentRecord.upsert({
          where: { callId: d.callId! },
          create: { callId: d.callId!, businessId: c.businessId, promptText: prompt },
          update: {},
        });
      });
      const action = `${base}/twilio/consent?callId=${d.callId}&attempt=1`;
      return sendXml(res, twiml.askConsent({ prompt, actionUrl: action, noInputUrl: `${action}&timeout=1` }));
    }),
    answerTwimlOnError(ctx),
  );

  r.post('/twilio/campaign/status', ...twilio, async (req: Request, res: Response) => {
    const q = parse(dialQuery, req.query);
    const b = parse(statusBody, req.body);
    const d = await dialOf(q.dialId, b.CallSid);
    if (!d) return void res.status(204).end();
    if (b.AnsweredBy)
      await ctx.db.campaignDial.updateMany({
        where: { id: d.id, answeredBy: null },
        data: { answeredBy: b.AnsweredBy },
      });
    await applyCallStatus(ctx, b);
    await completeDial(ctx, d.id, { status: b.CallStatus, duration: b.CallDuration ?? 0 });
    res.status(204).end();
  });

  r.post('/twilio/campaign/amd', ...twilio, async (req: Request, res: Response) => {
    const q = parse(dialQuery, req.query);
    const b = parse(amdBody, req.body);
    const d = await dialOf(q.dialId, b.CallSid);
    if (!d) return void res.status(204).end();
    await ctx.db.campaignDial.update({ where: { id: d.id }, data: { answeredBy: b.AnsweredBy } });
    if (isMachine(b.AnsweredBy) && ctx.telephony)
      await ctx.telephony
        .updateCall(b.CallSid, machineTwiml(d.campaign))
        .catch((err) => ctx.log.warn({ err, dialId: d.id }, 'could not leave the campaign message'));
    res.status(204).end();
  });
  return r;
}

/** A machine answered: the campaign's message after the beep, or nothing. */
function machineTwiml(c: { machineAction: string; voicemailMessage: string | null }): string {
  if (c.machineAction === 'leave_message' && c.voicemailMessage) return twiml.goodbye(c.voicemailMessage);
  return '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';
}
