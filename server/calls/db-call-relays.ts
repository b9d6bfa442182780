import { escalationRulesOf } from '../businesses/escalation.ts';
import { faqOf } from '../businesses/faq.ts';
import { readFileSync } from 'node:fs';
import { extendHold } from '../billing/reservations.ts';
import { checkDialNumber } from '../businesses/dial-policy.ts';
import type { AppContext } from '../context.ts';
import { closedDatesOf, closureOn, isOpenAt } from '../businesses/hours.ts';
import type { WeeklyHours } from '../businesses/schema.ts';
import { TranscriptRedactor } from '../leads/transcript-redactor.ts';
import { WITHDRAW_DIGIT } from './consent.ts';
import { buildInstructions, buildTools } from './instructions.ts';
import { createCallRelays, type CallRelays } from './relay/index.ts';
import { verifyStreamToken } from './stream-token.ts';
import { runTool } from './tools.ts';
import * as twiml from './twiml.ts';

/**
 * The relay joined to the database: which call a stream belongs to and what the assistant is told,
 * transcript storage (redacted first), tools, and what happens to the caller when the call's relay ends.
 */
/** What this node keeps about a live call while its relay runs. */
interface LiveCall {
  businessId: string;
  /** The order its segments arrive in. */
  seq: number;
  /** Keyed by the stored segment's itemId, so a later turn can re-redact an earlier row. */
  redactor: TranscriptRedactor<string>;
  /** Off when the business does not transcribe, or once the caller withdrew consent: nothing more is stored. */
  storing: boolean;
  /** Once set, consent is gone for the rest of the call (voice or keypad, whichever came first). */
  withdrawn: boolean;
}

/** "Stop recording", "don't record this", "stop the transcript": the caller takes consent back. */
const WITHDRAW =
  /\b(stop|quit|end|don'?t|do not|no more)\b[^.?!]{0,20}\b(record(ing|ed)?|transcri(be|bing|pt|ption))\b/i;

/** This node's call relays, backed by the database: sessions from Call rows, stored transcripts, tools, endings. */
export function createDbCallRelays(ctx: AppContext): CallRelays {
  const { db, config, log } = ctx;
  const live = new Map<string, LiveCall>(); // per live call on this node
  const withdraw = async (callId: string) => {
    const c = live.get(callId);
    if (!c || c.withdrawn) return;
    c.withdrawn = true;
    c.storing = false;
    await withdrawConsent(ctx, callId);
  };
  const ca = config.OPENAI_REALTIME_CA_FILE ? readFileSync(config.OPENAI_REALTIME_CA_FILE) : undefined;
  return createCallRelays({
    logger: log,
    openai: {
      apiKey: config.OPENAI_API_KEY!,
      baseURL: config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      model: config.OPENAI_REALTIME_MODEL,
      transcriptionModel: config.OPENAI_TRANSCRIPTION_MODEL,
      ...(ca ? { wsOptions: { ca } } : {}),
    },
    async resolveSession(params, callSid, stream) {
      const callId = params.callId ?? '';
      if (
        !params.token ||
        !/^[0-9a-f-]{36}$/.test(callId) ||
        !verifyStreamToken(config.jwtSecret, callId, params.token)
      )
        return null;
      const call = await db.call.findUnique({ where: { id: callId }, include: { business: true, callback: true } });
      if (!call || call.endedAt) return null;
      // The token names the call; the start message must too, on our Twilio account: a stream token seen
      // once (a log, a proxy) cannot attach audio of another call to this one.
      if (call.twilioCallSid !== callSid || stream.accountSid !== config.TWILIO_ACCOUNT_SID) {
        log.warn({ callId: call.id }, 'media stream start does not match its call; refused');
        return null;
      }
      // One stream per call, whichever node it reaches: the first start claims the call.
      const claimed = await db.call
        .updateMany({ where: { id: call.id, mediaStreamSid: null }, data: { mediaStreamSid: stream.streamSid } })
        .catch(() => ({ count: 0 })); // a stream SID another call holds (P2002) is no claim either
      if (claimed.count !== 1) {
        log.warn({ callId: call.id }, 'a second media stream for the call; refused');
        return null;
      }
      const b = call.business;
      const closed = closedDatesOf(b.closedDates);
      const openNow = isOpenAt(b.weeklyHours as WeeklyHours, b.timezone, new Date(), closed);
      const campaign = call.campaignDialId ? await ctx.campaignCalls.session(call.campaignDialId) : null;
      const tools = buildTools({ transfer_to_human: Boolean(b.forwardingNumber), opt_out: Boolean(campaign) });
      const instructions = buildInstructions(
        {
          name: b.name,
          industry: b.industry,
          services: b.services,
          weeklyHours: b.weeklyHours as never,
          timezone: b.timezone,
          greeting: campaign ? campaign.greeting : b.greeting,
          tone: b.tone,
          aiInstructions: b.aiInstructions,
          knowledgeBase: b.knowledgeBase,
          faq: faqOf(b.faqEntries),
          closedToday: closureOn(closed, b.timezone),
          captureFields: b.captureFields as { key: string; label: string }[],
          openNow,
          escalationKeywords: escalationRulesOf(b.escalationRules).keywords,
          callbackContext: call.callback ? { reason: call.callback.reason, name: call.callback.name } : null,
          campaign: campaign?.instructions ?? null,
        },
        tools,
      );
      const seq = await db.transcriptSegment.count({ where: { callId: call.id } });
      live.set(call.id, {
        businessId: call.businessId,
        seq,
        redactor: new TranscriptRedactor<string>(),
        storing: b.transcriptionEnabled,
        withdrawn: false,
      });
      // A callback has already said who is calling and why (the consent prompt); the inbound greeting
      // ("thanks for calling…") would be wrong, so the model opens from the callback instructions.
      return {
        callId: call.id,
        instructions,
        tools,
        greeting: campaign ? campaign.greeting : call.callback ? null : b.greeting,
        voice: campaign?.voice ?? b.voice,
      };
    },
    async onTranscript(callId, segment) {
      const c = live.get(callId);
      if (!c || c.withdrawn) return;
      // Heard even when the business keeps no transcript: "stop recording" must still stop the recording.
      if (segment.speaker === 'caller' && WITHDRAW.test(segment.text)) return withdraw(callId);
      if (!c.storing) return;
      // Redacted with the conversation around it before it is stored, so a card read out over several turns
      // never sits in the database; earlier segments it turns out to belong to are redacted in the same step.
      const itemId = `${segment.itemId}:${segment.speaker}`;
      const r = c.redactor.push({ speaker: segment.speaker, text: segment.text }, itemId);
      const seq = ++c.seq;
      await db.$transaction([
        db.transcriptSegment.upsert({
          where: { callId_itemId: { callId, itemId } },
          create: {
            callId,
            businessId: c.businessId,
            seq,
            speaker: segment.speaker,
            text: r.text,
            itemId,
            at: segment.at,
          },
          update: {},
        }),
        ...r.revised.map((v) =>
          db.transcriptSegment.updateMany({ where: { callId, itemId: v.key }, data: { text: v.text } }),
        ),
      ]);
    },
    async onKeypad(callId, digit) {
      if (digit === WITHDRAW_DIGIT) await withdraw(callId);
    },
    onToolCall: (callId, name, args) => runTool(ctx, callId, name, args),
    onMinute: (callId) => db.$transaction((tx) => extendHold(tx, callId)),
    async onEnd(callId, reason) {
      live.delete(callId);
      const call = await db.call.update({
        where: { id: callId },
        data: { endReason: reason },
        include: { business: true },
      });
      const telephony = ctx.telephony;
      if ((reason !== 'openai_error' && reason !== 'out_of_minutes') || !telephony) return;
      // The assistant is gone (failed, or the minutes ran out and it has said goodbye) but the caller is
      // still on the line: hand the call to a person or voicemail.
      const base = config.PUBLIC_BASE_URL;
      const b = call.business;
      const redirect = async () => {
        if (b.forwardingNumber && checkDialNumber(b.forwardingNumber).ok) {
          await telephony.updateCall(
            call.twilioCallSid,
            twiml.forward({
              to: b.forwardingNumber,
              actionUrl: `${base}/twilio/fallback?callId=${call.id}`,
              preamble: reason === 'out_of_minutes' ? 'Connecting you now.' : 'Sorry, let me connect you with someone.',
            }),
          );
          return;
        }
        await telephony.updateCall(
          call.twilioCallSid,
          twiml.voicemail({
            businessName: b.name,
            recordingCallbackUrl: `${base}/twilio/recording`,
            actionUrl: `${base}/twilio/fallback?callId=${call.id}&after=voicemail`,
          }),
        );
        // Marked as voice.ts marks every voicemail: what gets recorded now is the message the caller chooses to
        // leave, which the business may play back whatever the answer to the consent question was.
        await db.call.update({ where: { id: call.id }, data: { mode: 'voicemail' } });
      };
      await redirect().catch((err) =>
        log.warn({ err, callId }, 'could not redirect the call after a Realtime failure'),
      );
    },
  });
}

/**
 * The caller withdrew consent mid-call: the recording stops (Twilio REST), what was stored of the transcript
 * goes, and the consent record says when, so post-call processing keeps no transcript either.
 */
async function withdrawConsent(ctx: AppContext, callId: string): Promise<void> {
  const call = await ctx.db.$transaction(async (tx) => {
    await tx.consentRecord.updateMany({ where: { callId, withdrawnAt: null }, data: { withdrawnAt: new Date() } });
    await tx.transcriptSegment.deleteMany({ where: { callId } });
    return tx.call.findUniqueOrThrow({ where: { id: callId } });
  });
  if (call.recordingSid && ctx.telephony)
    await ctx.telephony
      .stopRecording(call.twilioCallSid)
      .catch((err) => ctx.log.warn({ err, callId }, 'could not stop the recording after consent was withdrawn'));
}
