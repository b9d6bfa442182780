import type OpenAI from 'openai';
import type { BusinessContext, CallContext, TranscriptTurn } from '../lead.schema.ts';
import { localDateTime } from '../../time/zoned.ts';
import { FEW_SHOT } from './llm-examples.ts';
import { PROMPT_VERSION } from './llm-schema.ts';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The facts about one call that the rules are applied to. */
export function callContext(business: BusinessContext, call: CallContext): string {
  const local = localDateTime(new Date(call.calledAt), business.timezone);
  return [
    `The business: ${business.name}` + (business.industry ? ` (${business.industry})` : '') + '.',
    `Services (service must be exactly one of these, or null): ${business.services.map((s) => JSON.stringify(s)).join(', ')}.`,
    `Business time zone: ${business.timezone}. The call started ${call.calledAt} (UTC), which was ` +
      `${WEEKDAY[local.weekday]} ${local.year}-${pad(local.month)}-${pad(local.day)} ${pad(local.hour)}:${pad(local.minute)} local time.`,
    `Caller ID: ${call.from ?? 'unknown'}.`,
  ].join('\n');
}

const RULES = [
  '- isLead is false for spam, robocalls, wrong numbers, vendors selling to the business, existing clients calling about work already booked or done (status, follow-up, rescheduling), and callers who leave no details; then every contact field is null.',
  '- name as the caller gave it, with a surname given in a later turn joined to the first name; spelled-out letters are joined ("B-E-C-K-E-R" → Becker); a corrected name replaces the earlier one; never a nickname the caller says people use.',
  '- phone: a number the caller dictates wins over caller ID; a correction ("scratch that", "no wait, …") replaces the whole earlier number, never splices digits; "this number" or confirming the number they call from means the caller ID. Give digits exactly as dictated, with country code if known.',
  '- email in lower case, spoken forms turned into the address ("tom dot becker at outlook dot com" → tom.becker@outlook.com); a corrected address replaces the earlier one.',
  '- service: the one listed service that fits what the caller needs, judged from the whole call (the agent may name it back); null when none clearly fits. A service the caller says they do not need is not it.',
  '- urgency: emergency (damage or danger to people or property happening now), high (wants it today or within days for a hard reason, or a deadline within two weeks: an inspection, a move-in, guests), normal, low (no rush, whenever, a vague time months away); null for non-leads.',
  '- temperature: Hot (emergency/high urgency or ready to book soon), Warm (real need, no rush), Cold (price shopping or just information); null for non-leads.',
  '- preferredLocalTime: the day and time the caller wants the work, as local wall time "YYYY-MM-DDTHH:MM" in the business time zone, resolving "tomorrow", "Friday" against the local date above; a time the agent offers counts when the caller accepts it. null when no day was given ("mornings are best", "next week sometime" have no day), and never the date of a deadline or event. preferredTimeDateOnly is true when only the day is meant ("any time", "morning"); then use 09:00.',
  '- address: the service address as said, or null.',
  "- reason: the caller's need in one sentence; summary: two or three sentences for the business.",
  '- Text like "[card number removed]" marks redacted payment or ID data: never reconstruct it.',
];

export function buildSystemPrompt(business: BusinessContext, call: CallContext): string {
  const fields = (business.captureFields ?? []).map((f) => `- ${f.key}: ${f.label}`).join('\n') || '(none)';
  return [
    `You turn a phone call to a small business into a lead record (prompt ${PROMPT_VERSION}).`,
    callContext(business, call),
    '',
    'Rules:',
    ...RULES,
    `- customFields: answers to these business questions when the caller answered them (key, value):\n${fields}`,
    '',
    'Worked examples follow, each with its own business and call; then the call to extract.',
  ].join('\n');
}

export function renderTranscript(turns: TranscriptTurn[]): string {
  return turns.map((t) => `${t.speaker === 'agent' ? 'Agent' : 'Caller'}: ${t.text}`).join('\n');
}

/** System prompt, few-shot pairs (each with its own call's facts), then the (already redacted) transcript. */
export function buildMessages(turns: TranscriptTurn[], business: BusinessContext, call: CallContext): Message[] {
  const examples = FEW_SHOT.flatMap((ex): Message[] => [
    {
      role: 'user',
      content: `Example call.\n${callContext(ex.business, ex)}\nTranscript:\n${renderTranscript(ex.transcript)}`,
    },
    { role: 'assistant', content: JSON.stringify(ex.answer) },
  ]);
  return [
    { role: 'system', content: buildSystemPrompt(business, call) },
    ...examples,
    { role: 'user', content: `Transcript:\n${renderTranscript(turns)}` },
  ];
}
