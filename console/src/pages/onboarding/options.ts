/** What the onboarding form offers (pure): time zones, voices (shared, ../../voices.ts), and the lists' row shapes. */
import type { paths } from '../../../../client/generated/leadline-api.ts';
import type { Row, RowField } from './row-list.component.ts';

/** The business's fields as the API takes them (generated from the server's zod schema). */
export type BusinessFields = NonNullable<
  paths['/api/v1/businesses/{id}']['patch']['requestBody']
>['content']['application/json'];
export type Business = Required<Pick<BusinessFields, 'name' | 'timezone'>> & BusinessFields & { id: string };

export const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Toronto',
  'America/Vancouver',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
];

export { VOICES } from '../../voices.ts';

export const FAQ_FIELDS: RowField[] = [
  { key: 'question', label: 'Question', required: true },
  { key: 'answer', label: 'Answer', type: 'textarea', required: true },
];
export const CLOSED_FIELDS: RowField[] = [
  { key: 'date', label: 'Closed on', type: 'date', required: true },
  { key: 'name', label: 'Why (e.g. Christmas Day)' },
];
export const CAPTURE_FIELDS: RowField[] = [
  { key: 'label', label: 'What to ask for', required: true },
  { key: 'key', label: 'Field key', hint: 'snake_case; made from the label when empty' },
];

/** "Gate code (if any)" → "gate_code_if_any": a capture field's key when the owner left it empty. */
export const keyOf = (label: string) =>
  label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40) || 'field';

const filled = (rows: Row[], ...keys: string[]) => rows.filter((r) => keys.some((k) => (r[k] ?? '').trim()));

/** The list editors' rows as the API takes them; blank rows are dropped, not sent. */
export const faqFromRows = (rows: Row[]) =>
  filled(rows, 'question', 'answer').map((r) => ({ question: r.question!.trim(), answer: r.answer!.trim() }));
export const closedFromRows = (rows: Row[]) =>
  filled(rows, 'date').map((r) => ({ date: r.date!, ...(r.name?.trim() ? { name: r.name.trim() } : {}) }));
export const captureFromRows = (rows: Row[]) =>
  filled(rows, 'label').map((r) => ({ label: r.label!.trim(), key: r.key?.trim() || keyOf(r.label!) }));

/** Stored values → editable rows (every field a string). */
export const toRows = (items: unknown, fields: RowField[]): Row[] =>
  (Array.isArray(items) ? items : []).map((it: Record<string, unknown>) =>
    Object.fromEntries(fields.map((f) => [f.key, typeof it?.[f.key] === 'string' ? (it[f.key] as string) : ''])),
  );
