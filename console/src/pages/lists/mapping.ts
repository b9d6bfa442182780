/** The column-mapping step, pure: which header feeds which field, as the import's query parameters. */
export const FIELDS = [
  ['phoneColumn', 'Phone (required)'],
  ['nameColumn', 'Name'],
  ['emailColumn', 'E-mail'],
  ['companyColumn', 'Company'],
  ['notesColumn', 'Notes'],
] as const;
export type FieldKey = (typeof FIELDS)[number][0];
export type Mapping = Partial<Record<FieldKey, string>> & { custom: string[] };

export const CONSENT = [
  ['express_written', 'Express written consent'],
  ['express', 'Express consent'],
  ['existing_relationship', 'Existing business relationship'],
  ['inquiry', 'They asked us to call (inquiry)'],
] as const;

/** Headers not mapped to a field: offered as custom fields. */
export const unmapped = (headers: string[], m: Mapping) => headers.filter((h) => !FIELDS.some(([k]) => m[k] === h));

/** Bytes of the file the preview reads: the header and first rows are in there. */
export const PREVIEW_BYTES = 64 * 1024;

export const REASONS: Record<string, string> = {
  missing_phone: 'No phone number',
  bad_phone: 'Not a valid phone number',
  country_not_allowed: 'Country we cannot call',
  not_dialable: 'Not a mobile or landline',
  invalid_email: 'Invalid e-mail',
  too_long: 'A value is too long',
  bad_text: 'Unreadable characters',
  wrong_column_count: 'Wrong number of columns',
  duplicate: 'Duplicate number',
  do_not_call: 'On a do-not-call list',
};
