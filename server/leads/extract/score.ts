import type { ExtractedLead } from '../lead.schema.ts';

/** The labelled fields of a fixture (fixtures README); any may be left out of a label. */
export interface ExpectedLead {
  isLead?: boolean;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  service?: string | null;
  urgency?: ExtractedLead['urgency'];
  preferredTime?: string | null;
  preferredTimeDateOnly?: boolean;
  address?: string | null;
}

export const SCORED_FIELDS = [
  'isLead',
  'name',
  'phone',
  'email',
  'service',
  'urgency',
  'preferredTime',
  'address',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export interface FieldScore {
  field: ScoredField;
  ok: boolean;
  expected: unknown;
  actual: unknown;
}
export interface LeadScore {
  fields: FieldScore[];
  correct: number;
  total: number;
}

function loose(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const ADDRESS_ABBREVIATIONS: Record<string, string> = {
  st: 'street',
  ave: 'avenue',
  rd: 'road',
  dr: 'drive',
  ln: 'lane',
  blvd: 'boulevard',
  ct: 'court',
  pl: 'place',
  pkwy: 'parkway',
  hwy: 'highway',
  apt: 'apartment',
  ste: 'suite',
  n: 'north',
  s: 'south',
  e: 'east',
  w: 'west',
};
function addressKey(s: string): string {
  return loose(s)
    .split(' ')
    .filter((w) => w !== 'in')
    .map((w) => ADDRESS_ABBREVIATIONS[w] ?? w)
    .join(' ');
}

function offsetOf(iso: string): number | null {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return /Z$/i.test(iso) ? 0 : null;
}

/** Same calendar date in the expected value's offset and, unless date-only, within 60 minutes. */
export function sameTime(expected: string, actual: string, dateOnly: boolean): boolean {
  const e = new Date(expected).getTime();
  const a = new Date(actual).getTime();
  if (Number.isNaN(e) || Number.isNaN(a)) return false;
  const offset = offsetOf(expected) ?? 0;
  const day = (t: number) => new Date(t + offset * 60_000).toISOString().slice(0, 10);
  if (day(e) !== day(a)) return false;
  return dateOnly || Math.abs(e - a) <= 60 * 60_000;
}

function fieldOk(field: ScoredField, expected: ExpectedLead, actual: ExtractedLead): boolean {
  const want = expected[field];
  const got = actual[field];
  if (want === null || got === null || want === undefined) return want === got || (want === undefined && got === null);
  switch (field) {
    case 'name':
      return loose(String(want)) === loose(String(got));
    case 'preferredTime':
      return sameTime(String(want), String(got), expected.preferredTimeDateOnly ?? false);
    case 'address': {
      const w = addressKey(String(want));
      const g = addressKey(String(got));
      return w.length > 0 && g.length > 0 && (w.includes(g) || g.includes(w));
    }
    case 'service':
    case 'urgency':
      return String(want).toLowerCase() === String(got).toLowerCase();
    default:
      return want === got;
  }
}

/**
 * Scores an extracted lead against a label the way the fixtures README asks: names case- and
 * punctuation-insensitive; phone and e-mail exact; preferred time same date and within 60 minutes unless
 * date-only; service, urgency, isLead exact; address as a normalised contains-match either way.
 * Only fields present in the label are scored.
 */
export function scoreLead(expected: ExpectedLead, actual: ExtractedLead): LeadScore {
  const fields: FieldScore[] = [];
  for (const field of SCORED_FIELDS) {
    if (!(field in expected)) continue;
    fields.push({ field, ok: fieldOk(field, expected, actual), expected: expected[field], actual: actual[field] });
  }
  return { fields, correct: fields.filter((f) => f.ok).length, total: fields.length };
}
