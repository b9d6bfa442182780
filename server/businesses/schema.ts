import { z } from 'zod';
import { line, multiline } from '../http/text.ts';
import { checkDialNumber, PLATFORM_DIAL_COUNTRIES, PLATFORM_LIMITS } from './dial-policy.ts';

export const e164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +15125550100');

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone like America/Chicago');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');
const day = z.array(z.tuple([hhmm, hhmm]).refine(([a, b]) => a < b, 'opening must be before closing')).max(4);
export const weeklyHoursSchema = z
  .object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day })
  .partial()
  .strict();
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

export const captureFieldsSchema = z
  .array(
    z.object({
      key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be snake_case'),
      label: line().trim().min(1).max(80),
    }),
  )
  .max(20);

/** Realtime voices an owner can pick (OpenAI's GA voice list); null keeps the platform default. */
export const VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
] as const;

export const faqEntriesSchema = z
  .array(z.object({ question: line().trim().min(1).max(300), answer: multiline().trim().min(1).max(2000) }).strict())
  .max(100);

const isoDate = z.iso.date();
/** Whole local days the business is closed; the hours logic treats them as having no opening hours. */
export const closedDatesSchema = z
  .array(z.object({ date: isoDate, name: line().trim().max(80).optional() }).strict())
  .max(366)
  .refine((a) => new Set(a.map((d) => d.date)).size === a.length, 'each date once');
export type ClosedDate = z.infer<typeof closedDatesSchema>[number];

const origin = z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin);

export const widgetSettingsSchema = z
  .object({
    labels: z.record(line().max(60), line().max(300)).optional(),
    lang: z.string().max(20).optional(),
    accent: z
      .string()
      .regex(/^#[0-9a-fA-F]{3,8}$/)
      .optional(),
    dailyCallbackCap: z
      .number()
      .int()
      .min(0)
      .max(PLATFORM_LIMITS.callbacksPerDay, `at most ${PLATFORM_LIMITS.callbacksPerDay} callbacks a day`)
      .optional(),
    retriesEnabled: z.boolean().optional(),
    allowedCountries: z
      .array(
        z
          .string()
          .regex(/^[A-Z]{2}$/)
          .refine((c) => PLATFORM_DIAL_COUNTRIES.includes(c), 'Leadline does not call this country'),
      )
      .max(PLATFORM_DIAL_COUNTRIES.length)
      .optional(),
    /** Callbacks only to a number the visitor proved is theirs with a code sent by SMS. */
    verifyPhone: z.boolean().optional(),
  })
  .strict();

/** Everything an owner can set on a business. */
export const businessFields = z.object({
  name: line().trim().min(1).max(120),
  industry: line().trim().max(80).nullable(),
  services: z.array(line().trim().min(1).max(80)).max(50),
  weeklyHours: weeklyHoursSchema,
  timezone,
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like US'),
  greeting: multiline().trim().max(500).nullable(),
  tone: line().trim().max(200).nullable(),
  aiInstructions: multiline().max(4000).nullable(),
  knowledgeBase: multiline().max(50_000).nullable(),
  captureFields: captureFieldsSchema,
  faqEntries: faqEntriesSchema,
  closedDates: closedDatesSchema,
  voice: z.enum(VOICES).nullable(),
  /** Every call forwarded or transferred dials it: only numbers the platform's dial policy allows. */
  forwardingNumber: e164
    .refine(
      (n) => checkDialNumber(n).ok,
      'Leadline forwards only to mobiles and landlines in supported countries (no premium, shared-cost or satellite numbers)',
    )
    .nullable(),
  escalationRules: z
    .object({
      keywords: z.array(line().max(60)).max(30).optional(),
      transferDuringHoursOnly: z.boolean().optional(),
    })
    .strict(),
  consentPrompt: multiline().trim().max(500).nullable(),
  recordingEnabled: z.boolean(),
  /** Off: no transcript of any call is stored. */
  transcriptionEnabled: z.boolean(),
  transcriptOnDecline: z.boolean(),
  retentionDays: z.number().int().min(1).max(3650),
  /** Past retentionDays: keep the lead's fields (drop its summary and transcripts), or delete the lead. */
  leadRetention: z.enum(['keep_fields', 'delete']),
  widgetOrigins: z.array(origin).max(20),
  widgetSettings: widgetSettingsSchema,
  active: z.boolean(),
});

export const createBusinessBody = businessFields.partial().required({ name: true }).strict();
export const updateBusinessBody = businessFields
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');
export type CreateBusinessInput = z.infer<typeof createBusinessBody>;
