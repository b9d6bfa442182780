import type { BusinessContext, CallContext, ExtractedLead, TranscriptTurn } from '../lead.schema.ts';
import { findDigitRuns } from './offline/numbers.ts';
import { defaultCountry, toE164 } from './offline/phone.ts';
import { callerTurns } from './offline/text.ts';

/** Every digit the caller said, per turn, joined: "five one two, five five five …" → "512555…". */
function saidDigits(turns: TranscriptTurn[]): string[] {
  return callerTurns(turns).map((t) =>
    findDigitRuns(t.text)
      .map((r) => r.digits)
      .join(''),
  );
}

/** The national digits of an E.164 number appear in what the caller said. */
function wasSaid(e164: string, said: string[]): boolean {
  const digits = e164.replace(/\D/g, '');
  // The tail of the number carries it: country codes and a leading 0 are said or not.
  const tail = digits.slice(-7);
  return said.some((d) => d.includes(tail));
}

/**
 * A model's lead, checked against what the offline reading found in the same (redacted) transcript. For
 * phone and e-mail what the caller said wins over the model's rendering of it: a number the caller dictated
 * (offline) replaces the model's, and a model number that neither was said nor is the caller ID is not
 * trusted; a spoken address the offline reader decoded replaces the model's. Everything else is the
 * model's, already validated by the structured-output schema and normalised to the lead shape.
 */
export function mergeWithOffline(
  llm: ExtractedLead,
  offline: ExtractedLead,
  turns: TranscriptTurn[],
  business: BusinessContext,
  call: CallContext,
): ExtractedLead {
  if (!llm.isLead) return llm;
  const callerId = toE164(call.from, defaultCountry(call, business));
  const said = saidDigits(turns);
  const offlineDictated = offline.phone !== null && offline.phone !== callerId;
  let phone = llm.phone;
  if (offlineDictated) phone = offline.phone;
  else if (phone !== null && phone !== callerId && !wasSaid(phone, said)) phone = offline.phone ?? callerId;
  else if (phone === null) phone = offline.phone;
  const email = offline.email ?? llm.email;
  return { ...llm, phone, email };
}
