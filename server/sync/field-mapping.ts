/**
 * Pure: the mapping editor's rows (our lead fields with their default and current CRM field) and the
 * checks a mapping override must pass. The connector says which of our fields it maps (Connector.fieldMapping);
 * the business adds its custom capture fields.
 */
import { z } from 'zod';
import type { FieldMappingSpec, LeadField, ProviderField } from '../../connectors/types.ts';

const LABELS: Record<LeadField, string> = {
  name: 'Full name',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'E-mail',
  phone: 'Phone',
  address: 'Address',
  reason: 'Reason for calling',
  service: 'Service',
  urgency: 'Urgency',
  temperature: 'Temperature (Hot, Warm, Cold)',
  preferredTime: 'Preferred time',
  summary: 'Call summary',
};

export interface CaptureField {
  key: string;
  label: string;
}

export interface LeadFieldRow {
  key: string;
  label: string;
  custom: boolean;
  /** The CRM field the default mapping sends it to; null: the connector's `unmapped` rule applies. */
  default: string | null;
  /** The business's override, when it set one. */
  current: string | null;
}

export const leadFieldRow = z.object({
  key: z.string(),
  label: z.string(),
  custom: z.boolean(),
  default: z.string().nullable(),
  current: z.string().nullable(),
});

/** Captured fields the editor offers: a key that is one of our own fields' names stays that field's. */
function customRows(spec: FieldMappingSpec, capture: readonly CaptureField[]): CaptureField[] {
  if (!spec.customFields) return [];
  const own = new Set<string>(Object.keys(LABELS));
  return capture.filter((c) => !own.has(c.key));
}

export function leadFieldRows(
  spec: FieldMappingSpec,
  defaults: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>>,
  capture: readonly CaptureField[],
): LeadFieldRow[] {
  const standard = spec.fields.map((key) => ({
    key,
    label: LABELS[key],
    custom: false,
    default: defaults[key] ?? null,
    current: overrides[key] ?? null,
  }));
  const custom = customRows(spec, capture).map((c) => ({
    key: c.key,
    label: c.label,
    custom: true,
    default: defaults[c.key] ?? null,
    // HubSpot also reads `custom.<key>`; the editor writes the bare key.
    current: overrides[c.key] ?? overrides[`custom.${c.key}`] ?? null,
  }));
  return [...standard, ...custom];
}

/** Keys of an override that name none of our fields this connector maps (nor a capture field). */
export function unknownLeadFields(
  spec: FieldMappingSpec,
  mapping: Readonly<Record<string, string>>,
  capture: readonly CaptureField[],
): string[] {
  const known = new Set<string>(spec.fields);
  for (const c of customRows(spec, capture)) known.add(c.key).add(`custom.${c.key}`);
  return Object.keys(mapping).filter((k) => !known.has(k));
}

/** Entries of an override whose CRM field is not among the CRM's writable fields. */
export function unknownTargets(mapping: Readonly<Record<string, string>>, fields: readonly ProviderField[]) {
  const names = new Set(fields.map((f) => f.name));
  return Object.entries(mapping).filter(([, v]) => !names.has(v));
}
