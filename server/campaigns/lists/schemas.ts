/** Request and response shapes of the lead-list routes (validation and the OpenAPI document in one). */
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { line } from '../../http/text.ts';
import { REJECT_REASONS, type ColumnMap } from './row.ts';

const header = line().trim().min(1).max(200);
const many = (s: z.ZodType<string>) =>
  z
    .union([s, z.array(s)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const CONSENT_BASES = ['express_written', 'express', 'existing_relationship', 'inquiry'] as const;

/**
 * The import's settings travel as query parameters so the body can be the CSV itself, streamed. Each
 * `…Column` names a header of the file; `customColumn` may repeat (at most 20).
 */
export const importQuery = z
  .object({
    name: line().trim().min(1).max(200).describe('Name of the list'),
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .refine(isSupportedCountry, 'not a country with phone numbers')
      .describe('ISO 3166-1 alpha-2: how to read numbers written without +country code'),
    consentBasis: z
      .enum(CONSENT_BASES)
      .describe('What the business attests about these contacts’ consent to be called'),
    phoneColumn: header.describe('Header of the phone column (required)'),
    nameColumn: header.optional(),
    emailColumn: header.optional(),
    companyColumn: header.optional(),
    notesColumn: header.optional(),
    customColumn: many(header)
      .pipe(z.array(z.string()).max(20))
      .describe('Headers kept as custom fields (repeat the parameter)'),
  })
  .strict();
export type ImportQuery = z.output<typeof importQuery>;

export const columnMapOf = (q: ImportQuery): ColumnMap => ({
  phone: q.phoneColumn,
  name: q.nameColumn,
  email: q.emailColumn,
  company: q.companyColumn,
  notes: q.notesColumn,
  custom: [...new Set(q.customColumn)],
});

export const rejectedRow = z.object({
  row: z.number().int().describe('Row in the file as a spreadsheet numbers it (the header is row 1)'),
  reason: z.enum(REJECT_REASONS),
  detail: z.string(),
});

export const listView = z.object({
  id: z.uuid(),
  name: z.string(),
  defaultCountry: z.string(),
  consentBasis: z.enum(CONSENT_BASES),
  columnMap: z.record(z.string(), z.unknown()),
  rowCount: z.number().int().describe('Data rows in the file: accepted + duplicates + rejected'),
  acceptedCount: z.number().int(),
  duplicateCount: z.number().int(),
  rejectedCount: z.number().int().describe('Refused for any reason but being a duplicate'),
  createdAt: z.string(),
});

export const listReport = listView.extend({
  rejected: z.array(rejectedRow).describe('Every refused row (duplicates included), in file order'),
});

export const previewView = z.object({
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())).describe('The first data rows, as read'),
  suggested: z
    .object({
      phoneColumn: z.string().nullable(),
      nameColumn: z.string().nullable(),
      emailColumn: z.string().nullable(),
      companyColumn: z.string().nullable(),
      notesColumn: z.string().nullable(),
    })
    .describe('Headers that look like each field, for the mapping step'),
});

export const contactView = z.object({
  id: z.uuid(),
  row: z.number().int(),
  phone: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  notes: z.string().nullable(),
  fields: z.record(z.string(), z.string()),
  timeZone: z.string().nullable(),
});
