import type { AppContext } from '../context.ts';
import { emitLeadReady } from './events.ts';
import { extractLead } from './extract/index.ts';
import { toZonedIso } from '../time/zoned.ts';
import type { ExtractedLead, TranscriptTurn } from './lead.schema.ts';
import { upsertLead } from './store.ts';
import { leadWebhookData } from './webhook-data.ts';
import { emitWebhookEvents, type WebhookEmit } from '../webhooks/outbox.ts';

export interface ProcessResult {
  callId: string;
  skipped?: 'already processed' | 'not completed';
  method?: 'llm' | 'offline';
  redactions?: number;
  lead?: ExtractedLead;
  leadId?: string | null;
  leadCreated?: boolean;
  transcript?: TranscriptTurn[];
  transcriptKept?: boolean;
}

/**
 * After a call: redact the stored transcript, extract the lead, store it (deduplicated), and announce
 * `lead.ready` — all committed together. Safe to run twice: a processed call is left alone.
 */
export async function processCall(ctx: AppContext, callId: string): Promise<ProcessResult> {
  const call = await ctx.db.call.findUnique({
    where: { id: callId },
    include: { business: true, consent: true, segments: { orderBy: { seq: 'asc' } } },
  });
  if (!call) throw new Error(`call ${callId} not found`);
  if (call.processedAt) return { callId, skipped: 'already processed' };
  if (call.status !== 'completed') return { callId, skipped: 'not completed' };
  const b = call.business;

  const raw: TranscriptTurn[] = call.segments.map((s) => ({ speaker: s.speaker, text: s.text }));
  const extracted = await extractLead({
    turns: raw,
    business: {
      name: b.name,
      industry: b.industry,
      timezone: b.timezone,
      services: b.services,
      captureFields: b.captureFields as never,
    },
    call: {
      calledAt: call.startedAt.toISOString(),
      from: call.direction === 'inbound' ? call.from : call.to,
      to: call.direction === 'inbound' ? call.to : call.from,
    },
    openai: ctx.openai ? { client: ctx.openai, model: ctx.config.OPENAI_EXTRACTION_MODEL } : undefined,
    onLlmError: (err) => ctx.log.warn({ err, callId }, 'LLM extraction failed; used the offline extractor'),
  });
  const lead = { ...extracted.lead };
  if (call.requestedStart) {
    // A time the caller booked through the assistant beats one inferred from the words.
    lead.preferredTime = toZonedIso(call.requestedStart.toISOString(), b.timezone) ?? lead.preferredTime;
    lead.preferredTimeDateOnly = false;
  }
  // A voicemail with no words is still someone who wanted us: keep their number.
  if (!raw.length && call.mode === 'voicemail' && call.recordingSid && call.from) {
    Object.assign(lead, {
      isLead: true,
      phone: call.from,
      reason: 'Left a voicemail',
      summary: 'Caller left a voicemail.',
      temperature: 'Warm',
      urgency: 'normal',
    });
  }
  // Consent withdrawn mid-call, or a business that does not transcribe: no transcript survives the call.
  const keepTranscript =
    b.transcriptionEnabled &&
    !call.consent?.withdrawnAt &&
    (call.consent?.outcome === 'granted' || b.transcriptOnDecline);

  return ctx.db.$transaction(
    async (tx) => {
      // Re-check under the row lock: two runs of this job must not both write.
      const locked = await tx.$queryRaw<
        { processedAt: Date | null }[]
      >`select "processedAt" from "Call" where "id" = ${callId}::uuid for update`;
      if (locked[0]?.processedAt) return { callId, skipped: 'already processed' as const };
      if (keepTranscript) {
        for (const [i, seg] of call.segments.entries()) {
          const text = extracted.transcript[i]?.text;
          if (text !== undefined && text !== seg.text)
            await tx.transcriptSegment.update({ where: { id: seg.id }, data: { text } });
        }
      } else {
        await tx.transcriptSegment.deleteMany({ where: { callId } });
      }
      let leadId: string | null = null;
      let created = false;
      const events: WebhookEmit[] = [];
      if (lead.isLead) {
        // The number the phone network connected: the caller's for an inbound call, the one we dialled otherwise.
        // A withheld number ("anonymous", "+266696687") proves nobody: only a real E.164 does.
        const connected = call.direction === 'inbound' ? call.from : call.to;
        const callerId =
          connected && /^\+[1-9]\d{7,14}$/.test(connected) && connected !== '+266696687' ? connected : null;
        const stored = await upsertLead(tx, b.id, lead, extracted.method, callerId);
        leadId = stored.lead.id;
        created = stored.created;
        events.push({
          businessId: b.id,
          type: created ? 'lead.created' : 'lead.updated',
          data: leadWebhookData(stored.lead, callId),
        });
      }
      await tx.call.update({ where: { id: callId }, data: { processedAt: new Date(), leadId } });
      events.unshift({
        businessId: b.id,
        type: 'call.completed',
        data: {
          callId,
          businessId: b.id,
          direction: call.direction,
          from: call.from,
          to: call.to,
          mode: call.mode,
          status: call.status,
          durationSeconds: call.durationSeconds,
          endedAt: call.endedAt?.toISOString() ?? null,
          leadId,
          transcriptUrl: `${ctx.config.PUBLIC_BASE_URL}/api/v1/calls/${callId}`,
          // Redacted text only; each endpoint chooses whether it gets it (includeTranscript) or the link.
          ...(keepTranscript ? { transcript: extracted.transcript } : {}),
        },
      });
      await emitWebhookEvents(tx, events);
      if (leadId) await emitLeadReady(tx, { businessId: b.id, leadId, callId });
      if (call.callbackRequestId)
        await ctx.recordCallbackProgress(tx, call.callbackRequestId, {
          status: 'completed',
          leadCaptured: Boolean(leadId),
        });
      return {
        callId,
        method: extracted.method,
        redactions: extracted.redactions,
        lead,
        leadId,
        leadCreated: created,
        transcript: extracted.transcript,
        transcriptKept: keepTranscript,
      };
    },
    { timeout: 20_000 },
  );
}
