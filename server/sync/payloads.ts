/** Pure mapping from our rows to the connector contract's payloads. */
import type { BusinessPayload, CallPayload, CampaignPayload, LeadPayload } from '../../connectors/types.ts';
import { outcomeOfLead } from '../campaigns/outcome.ts';
import type { Business, Call, Lead } from '../db/generated/client.ts';
import type { CampaignOutcome } from '../db/generated/enums.ts';
import type { TranscriptTurn } from '../leads/lead.schema.ts';
import { redactTranscript } from '../leads/transcript-redactor.ts';

export function leadPayload(l: Lead): LeadPayload {
  const custom = (l.customFields ?? {}) as Record<string, unknown>;
  return {
    id: l.id,
    name: l.name,
    phone: l.phone,
    email: l.email,
    reason: l.reason,
    service: l.service,
    urgency: l.urgency,
    temperature: l.temperature,
    preferredTime: l.preferredTime,
    preferredTimeDateOnly: l.preferredTimeDateOnly,
    address: l.address,
    summary: l.summary,
    customFields: Object.fromEntries(
      Object.entries(custom)
        .filter(([, v]) => v != null)
        .map(([k, v]) => [k, String(v)]),
    ),
    createdAt: l.createdAt.toISOString(),
  };
}

const STATUS: Record<Call['status'], CallPayload['status']> = {
  completed: 'completed',
  busy: 'busy',
  no_answer: 'no-answer',
  failed: 'failed',
  canceled: 'canceled',
  // Not finished yet; a lead is only synced after the call, so these are only seen for odd data.
  queued: 'completed',
  ringing: 'completed',
  in_progress: 'completed',
};

/**
 * A campaign call's campaign: its name and the dial's outcome. The outcome is the dial's once written (an
 * opt-out, a voicemail, or the lead's verdict); before that — the push can run before `campaign.outcome` —
 * it is what that job will write, from the same lead and booked time (campaigns/outcome.ts).
 */
export function campaignPayload(
  dial: { campaign: { id: string; name: string }; outcome: CampaignOutcome | null },
  call: Pick<Call, 'requestedStart'>,
  lead: Pick<Lead, 'temperature'> | null,
): CampaignPayload {
  return {
    id: dial.campaign.id,
    name: dial.campaign.name,
    outcome: dial.outcome ?? outcomeOfLead({ requestedStart: call.requestedStart, lead }),
  };
}

/** What a call's payload is made of. */
export type CallFacts = Pick<
  Call,
  'id' | 'direction' | 'mode' | 'status' | 'from' | 'to' | 'startedAt' | 'answeredAt' | 'endedAt' | 'durationSeconds'
>;

export function callPayload(
  c: CallFacts,
  turns: TranscriptTurn[],
  recordingUrl: string | null,
  campaign: CampaignPayload | null = null,
): CallPayload {
  return {
    id: c.id,
    direction: c.direction,
    status: c.mode === 'voicemail' ? 'voicemail' : STATUS[c.status],
    from: c.from,
    to: c.to,
    startedAt: (c.answeredAt ?? c.startedAt).toISOString(),
    durationSeconds:
      c.durationSeconds ??
      (c.endedAt ? Math.max(0, Math.round((c.endedAt.getTime() - (c.answeredAt ?? c.startedAt).getTime()) / 1000)) : 0),
    recordingUrl,
    // Stored segments are redacted by the call pipeline; redacting again costs little and guards old rows.
    transcript: redactTranscript(turns).turns,
    ...(campaign ? { campaign } : {}),
  };
}

export const businessPayload = (b: Business): BusinessPayload => ({ id: b.id, name: b.name, timezone: b.timezone });

/** The key a work's outcome comes back under: one work per (lead, call). */
export const workKey = (leadId: string, callId: string | null) => (callId ? `${leadId}:${callId}` : leadId);
