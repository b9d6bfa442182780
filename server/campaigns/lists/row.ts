/**
 * One CSV record → a contact or the reason it is refused. Pure: duplicates and do-not-call numbers need the
 * rest of the list and the database, and are decided in import.ts.
 */
import { z } from 'zod';
import { checkDialNumber } from '../../businesses/dial-policy.ts';
import { textProblem } from '../../http/text.ts';

export const REJECT_REASONS = [
  'missing_phone',
  'bad_phone',
  'country_not_allowed',
  'not_dialable',
  'invalid_email',
  'too_long',
  'bad_text',
  'wrong_column_count',
  'duplicate',
  'do_not_call',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Longest value each field keeps; a longer one refuses the row (nothing is cut silently). */
export const FIELD_MAX = { phone: 40, name: 200, email: 320, company: 200, notes: 2000, custom: 500 } as const;

export interface ColumnMap {
  phone: string;
  name?: string;
  email?: string;
  company?: string;
  notes?: string;
  custom: string[];
}

export interface Contact {
  phone: string;
  name: string | null;
  email: string | null;
  company: string | null;
  notes: string | null;
  fields: Record<string, string>;
}

export type RowResult =
  | { ok: true; contact: Contact }
  | { ok: false; reason: RejectReason; detail: string; phone?: string };

/** Column positions of the mapped headers; the names of mapped headers the file lacks. */
export function columnIndex(headers: string[], map: ColumnMap) {
  const at = new Map(headers.map((h, i) => [h.trim(), i] as const));
  const wanted = [map.phone, map.name, map.email, map.company, map.notes, ...map.custom].filter(
    (h): h is string => h !== undefined,
  );
  const missing = wanted.filter((h) => !at.has(h));
  const pos = (h: string | undefined) => (h === undefined ? -1 : at.get(h)!);
  return {
    missing,
    phone: pos(map.phone),
    name: pos(map.name),
    email: pos(map.email),
    company: pos(map.company),
    notes: pos(map.notes),
    custom: map.custom.map((h) => [h, pos(h)] as const),
  };
}
export type ColumnIndex = ReturnType<typeof columnIndex>;

const EMAIL = z.email();
const isEmail = (s: string) => EMAIL.safeParse(s).success;

export function mapRow(record: string[], headerCount: number, cols: ColumnIndex, defaultCountry: string): RowResult {
  if (record.length !== headerCount)
    return {
      ok: false,
      reason: 'wrong_column_count',
      detail: `${record.length} columns where the header has ${headerCount}`,
    };
  const cell = (i: number) => (i < 0 ? '' : (record[i] ?? '').trim());
  const values: [string, string, number, boolean][] = [
    ['phone', cell(cols.phone), FIELD_MAX.phone, false],
    ['name', cell(cols.name), FIELD_MAX.name, false],
    ['email', cell(cols.email), FIELD_MAX.email, false],
    ['company', cell(cols.company), FIELD_MAX.company, false],
    ['notes', cell(cols.notes), FIELD_MAX.notes, true],
    ...cols.custom.map(([h, i]) => [h, cell(i), FIELD_MAX.custom, true] as [string, string, number, boolean]),
  ];
  for (const [field, v, max, multiline] of values) {
    const bad = textProblem(v, { multiline });
    if (bad) return { ok: false, reason: 'bad_text', detail: `${field}: ${bad}` };
    if (v.length > max) return { ok: false, reason: 'too_long', detail: `${field}: longer than ${max} characters` };
  }
  const raw = cell(cols.phone);
  if (!raw) return { ok: false, reason: 'missing_phone', detail: 'no phone number' };
  const email = cell(cols.email);
  if (email && !isEmail(email)) return { ok: false, reason: 'invalid_email', detail: 'not an e-mail address' };
  const dial = checkDialNumber(raw, undefined, defaultCountry);
  if (!dial.ok) {
    const reason =
      dial.reason === 'invalid' ? 'bad_phone' : dial.reason === 'country' ? 'country_not_allowed' : 'not_dialable';
    return { ok: false, reason, detail: dial.message };
  }
  const fields: Record<string, string> = {};
  for (const [h, i] of cols.custom) if (cell(i)) fields[h] = cell(i);
  return {
    ok: true,
    contact: {
      phone: dial.e164,
      name: cell(cols.name) || null,
      email: email ? email.toLowerCase() : null,
      company: cell(cols.company) || null,
      notes: cell(cols.notes) || null,
      fields,
    },
  };
}
