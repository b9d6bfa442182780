import { z } from 'zod';

/** The one lead shape: extraction produces it, the database stores it, connectors map it. */
export const URGENCIES = ['emergency', 'high', 'normal', 'low'] as const;
export const TEMPERATURES = ['Hot', 'Warm', 'Cold'] as const;

export const leadSchema = z.object({
  isLead: z.boolean(),
  name: z.string().nullable(),
  /** E.164 */
  phone: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .nullable(),
  email: z.string().email().nullable(),
  reason: z.string().nullable(),
  /** One entry of the business's services, or null. */
  service: z.string().nullable(),
  urgency: z.enum(URGENCIES).nullable(),
  temperature: z.enum(TEMPERATURES).nullable(),
  /** ISO 8601 with the business's UTC offset, e.g. 2026-03-10T14:00:00-05:00 */
  preferredTime: z.string().nullable(),
  /** True when only the date of preferredTime is meant ("any time Tuesday"). */
  preferredTimeDateOnly: z.boolean().default(false),
  address: z.string().nullable(),
  summary: z.string(),
  customFields: z.record(z.string(), z.string()).default({}),
});
export type ExtractedLead = z.infer<typeof leadSchema>;

/** A call that is no lead (a robocall, a wrong number, a supplier): nothing about the caller but why they called. */
export const notALead = (reason: string | null): Omit<ExtractedLead, 'summary'> => ({
  isLead: false,
  name: null,
  phone: null,
  email: null,
  reason,
  service: null,
  urgency: null,
  temperature: null,
  preferredTime: null,
  preferredTimeDateOnly: false,
  address: null,
  customFields: {},
});

// Defined beside the connector contract, which carries transcripts to CRMs, so connectors never import server/.
export type { Speaker, TranscriptTurn } from '../../connectors/types.ts';

/** What extraction knows about the business that was called. */
export interface BusinessContext {
  name: string;
  industry?: string | null;
  timezone: string;
  services: string[];
  /** Extra fields the business wants captured: key → human label. */
  captureFields?: { key: string; label: string }[];
}

/** What extraction knows about the call itself. */
export interface CallContext {
  calledAt: string; // ISO 8601 UTC
  from: string | null; // caller ID, E.164
  to: string | null;
}
