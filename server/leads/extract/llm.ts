import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import {
  TEMPERATURES,
  URGENCIES,
  type BusinessContext,
  type CallContext,
  type ExtractedLead,
  type TranscriptTurn,
} from '../lead.schema.ts';
import { normalizeLead } from './normalize.ts';
import { localDateTime } from '../../time/zoned.ts';

/**
 * What the model fills in. Structured outputs (strict) need every property required, so optional things
 * are nullable; customFields is a list because strict schemas cannot express open records; time is local
 * wall time and we add the offset ourselves, since models get DST offsets wrong.
 */
export const llmLeadSchema = z.object({
  isLead: z.boolean(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  reason: z.string().nullable(),
  service: z.string().nullable(),
  urgency: z.enum(URGENCIES).nullable(),
  temperature: z.enum(TEMPERATURES).nullable(),
  preferredLocalTime: z.string().nullable(),
  preferredTimeDateOnly: z.boolean(),
  address: z.string().nullable(),
  summary: z.string(),
  customFields: z.array(z.object({ key: z.string(), value: z.string() })),
});
export type LlmLead = z.infer<typeof llmLeadSchema>;

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function buildSystemPrompt(business: BusinessContext, call: CallContext): string {
  const local = localDateTime(new Date(call.calledAt), business.timezone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const fields = (business.captureFields ?? []).map((f) => `- ${f.key}: ${f.label}`).join('\n') || '(none)';
  return [
    `You turn a phone call to a small business into a lead record. The business: ${business.name}` +
      (business.industry ? ` (${business.industry})` : '') + '.',
    `Services (service must be exactly one of these, or null): ${business.services.map((s) => JSON.stringify(s)).join(', ')}.`,
    `Business time zone: ${business.timezone}. The call started ${call.calledAt} (UTC), which was ` +
      `${WEEKDAY[local.weekday]} ${local.year}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)} local time.`,
    `Caller ID: ${call.from ?? 'unknown'}.`,
    '',
    'Rules:',
    '- isLead is false for spam, robocalls, wrong numbers, vendors selling to the business, and callers who leave no details; then every contact field is null.',
    '- name as the caller gave it; spelled-out letters are joined ("B-E-C-K-E-R" → Becker).',
    '- phone: a number the caller dictates wins over caller ID; a correction ("no wait, …") wins over what it corrects; "this number" or confirming the number they call from means the caller ID. Give digits with country code if known.',
    '- email in lower case, spoken forms turned into the address ("tom dot becker at outlook dot com" → tom.becker@outlook.com).',
    '- urgency: emergency (damage or danger happening now), high (wants it today or within days for a hard reason), normal, low (no time pressure); null for non-leads.',
    '- temperature: Hot (emergency/high urgency or ready to book soon), Warm (real need, no rush), Cold (price shopping or just information); null for non-leads.',
    '- preferredLocalTime: the day and time the caller wants, as local wall time "YYYY-MM-DDTHH:MM" in the business time zone, resolving "tomorrow", "next Tuesday" against the local date above; null when no day was given. preferredTimeDateOnly is true when only the day is meant ("any time", "morning"); then use 09:00.',
    '- address: the service address as said, or null.',
    '- reason: the caller\'s need in one sentence; summary: two or three sentences for the business.',
    `- customFields: answers to these business questions when the caller answered them (key, value):\n${fields}`,
    '- Text like "[card number removed]" marks redacted payment or ID data: never reconstruct it.',
  ].join('\n');
}

export function renderTranscript(turns: TranscriptTurn[]): string {
  return turns.map((t) => `${t.speaker === 'agent' ? 'Agent' : 'Caller'}: ${t.text}`).join('\n');
}

/**
 * Extraction with OpenAI structured outputs. Throws on any API error, refusal or unparseable answer so
 * the caller can fall back to offline extraction.
 */
export async function extractWithOpenAI(
  client: OpenAI,
  model: string,
  turns: TranscriptTurn[],
  business: BusinessContext,
  call: CallContext,
): Promise<ExtractedLead> {
  const completion = await client.chat.completions.parse({
    // No temperature: reasoning models reject anything but the default.
    model,
    messages: [
      { role: 'system', content: buildSystemPrompt(business, call) },
      { role: 'user', content: `Transcript:\n${renderTranscript(turns)}` },
    ],
    response_format: zodResponseFormat(llmLeadSchema, 'lead'),
  });
  const message = completion.choices[0]?.message;
  if (!message) throw new Error('OpenAI returned no choices');
  if (message.refusal) throw new Error(`OpenAI refused: ${message.refusal}`);
  const parsed = message.parsed;
  if (!parsed) throw new Error('OpenAI returned no parsed lead');
  return normalizeLead(
    {
      ...parsed,
      preferredTime: parsed.preferredLocalTime,
      customFields: Object.fromEntries(parsed.customFields.map((f) => [f.key, f.value])),
    },
    business,
    call,
  );
}
