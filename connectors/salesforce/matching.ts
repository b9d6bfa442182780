import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { LeadPayload } from '../types.ts';
import type { MatchRow } from './schema.ts';

/** Finding the Salesforce Lead a caller already is. Pure. */

/**
 * A SOQL string literal. SOQL escapes quotes, backslashes and control characters with a backslash
 * (SOQL reference, "Quoted String Escape Sequences"); a value is never spliced in unquoted.
 */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return '\\' + c;
    }
  });
  return `'${escaped}'`;
}

/**
 * Salesforce stores phones as typed: "+15551234567", "(555) 123-4567", "+1 555 123 4567" and "5551234567"
 * all occur in one org. Equality is all SOQL offers on Phone, so we ask for every usual spelling.
 */
export function phoneVariants(e164: string): string[] {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return [e164];
  const national = p.formatNational();
  const variants = [p.number, p.formatInternational(), national, String(p.nationalNumber)];
  if (p.countryCallingCode === '1')
    variants.push(national.replace(/[()]/g, '').replace(' ', '-'), `1${p.nationalNumber}`);
  return [...new Set(variants)];
}

/** A stored phone (any spelling) → E.164, read in the country of the number we compare it with. */
export function normalizePhone(stored: string | null | undefined, like: string | null): string | null {
  if (!stored) return null;
  const ref = like ? parsePhoneNumberFromString(like) : undefined;
  const p =
    parsePhoneNumberFromString(stored, ref?.country ?? (ref ? undefined : 'US')) ??
    (ref ? parsePhoneNumberFromString(`+${ref.countryCallingCode}${stored.replace(/\D/g, '')}`) : undefined);
  return p?.isPossible() ? p.number : null;
}

export function normalizeEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? e : null;
}

/** One query for the whole batch; null when no lead has anything to match on. */
export function buildMatchQuery(leads: readonly LeadPayload[]): string | null {
  const emails = [...new Set(leads.map((l) => normalizeEmail(l.email)).filter((e): e is string => !!e))];
  const phones = [...new Set(leads.flatMap((l) => (l.phone ? phoneVariants(l.phone) : [])))];
  const clauses: string[] = [];
  if (emails.length) clauses.push(`Email IN (${emails.map(soqlString).join(', ')})`);
  if (phones.length) {
    const list = phones.map(soqlString).join(', ');
    clauses.push(`Phone IN (${list})`, `MobilePhone IN (${list})`);
  }
  if (!clauses.length) return null;
  // Converted leads cannot be updated or linked usefully; newest first so the most active record wins.
  return `SELECT Id, Email, Phone, MobilePhone FROM Lead WHERE IsConverted = false AND (${clauses.join(' OR ')}) ORDER BY LastModifiedDate DESC LIMIT 2000`;
}

/** For each lead, the Lead record it already is: e-mail match first (more specific), then phone. */
export function pickMatches(leads: readonly LeadPayload[], rows: readonly MatchRow[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const lead of leads) {
    const email = normalizeEmail(lead.email);
    const byEmail = email ? rows.find((r) => normalizeEmail(r.Email) === email) : undefined;
    const byPhone = lead.phone
      ? rows.find(
          (r) =>
            normalizePhone(r.Phone, lead.phone) === lead.phone ||
            normalizePhone(r.MobilePhone, lead.phone) === lead.phone,
        )
      : undefined;
    const hit = byEmail ?? byPhone;
    if (hit) out.set(lead.id, hit.Id);
  }
  return out;
}

/** Ledger keys under which a lead's contact points are remembered (`phone:lead`, `email:lead`). */
export function identityKeys(lead: LeadPayload): { phone: string | null; email: string | null } {
  return { phone: lead.phone ?? null, email: normalizeEmail(lead.email) };
}

/**
 * Leads in one batch that are the same person (sharing a phone or an e-mail) must become one Lead, not
 * one each. Returns, for every lead id, the id of the first lead of its group (itself when alone).
 */
export function groupSamePerson(leads: readonly LeadPayload[]): Map<string, string> {
  const owner = new Map<string, string>();
  const leaderOf = new Map<string, string>();
  for (const lead of leads) {
    const { phone, email } = identityKeys(lead);
    const keys = [phone && `p:${phone}`, email && `e:${email}`].filter((k): k is string => !!k);
    const existing = keys.map((k) => owner.get(k)).find((v) => v !== undefined);
    const leader = existing ?? lead.id;
    leaderOf.set(lead.id, leader);
    for (const k of keys) if (!owner.has(k)) owner.set(k, leader);
  }
  return leaderOf;
}

/**
 * The existing record ids a DUPLICATES_DETECTED error points at. The REST API spells the key
 * `duplicateResut` (sic) in single-record responses; both spellings are read.
 */
export function duplicateMatchIds(error: unknown): string[] {
  if (!error || typeof error !== 'object') return [];
  const e = error as Record<string, unknown>;
  const dup = (e.duplicateResult ??
    e.duplicateResut ??
    (e.data && typeof e.data === 'object'
      ? ((e.data as Record<string, unknown>).duplicateResult ?? (e.data as Record<string, unknown>).duplicateResut)
      : undefined)) as
    | { matchResults?: { entityType?: string; matchRecords?: { record?: { Id?: string } }[] }[] }
    | undefined;
  const ids: string[] = [];
  for (const result of dup?.matchResults ?? []) {
    // A Lead duplicate rule may also match Contacts; only a Lead can be our WhoId-and-update target here.
    if (result.entityType && result.entityType !== 'Lead') continue;
    for (const m of result.matchRecords ?? []) if (m.record?.Id) ids.push(m.record.Id);
  }
  return ids;
}
