/**
 * What the businesses room answers, declared once so the OpenAPI document (and the generated client) says
 * exactly what the handlers send. Times are ISO 8601 strings, as JSON carries them.
 */
import { z } from 'zod';
import { pageSchema } from '../http/pagination.ts';

const time = z.string();
const role = z.enum(['owner', 'admin', 'member']);
const numberOut = z.object({ id: z.string(), e164: z.string(), label: z.string().nullable() });

export const businessOut = z.object({
  id: z.string(),
  name: z.string(),
  industry: z.string().nullable(),
  services: z.array(z.string()),
  weeklyHours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  timezone: z.string(),
  country: z.string(),
  greeting: z.string().nullable(),
  tone: z.string().nullable(),
  aiInstructions: z.string().nullable(),
  knowledgeBase: z.string().nullable(),
  captureFields: z.array(z.object({ key: z.string(), label: z.string() })),
  forwardingNumber: z.string().nullable(),
  escalationRules: z.record(z.string(), z.unknown()),
  consentPrompt: z.string().nullable(),
  recordingEnabled: z.boolean(),
  transcriptionEnabled: z.boolean(),
  transcriptOnDecline: z.boolean(),
  retentionDays: z.number().int(),
  leadRetention: z.enum(['keep_fields', 'delete']),
  legalHold: z.boolean(),
  closingAt: time.nullable(),
  purgeAfter: time.nullable(),
  widgetPublicKey: z.string(),
  widgetOrigins: z.array(z.string()),
  widgetSettings: z.record(z.string(), z.unknown()),
  plan: z.enum(['trial', 'starter', 'pro', 'business']),
  secondsBalance: z.number().int(),
  active: z.boolean(),
  /** Absent where the business was read without its numbers (just created). */
  phoneNumbers: z.array(numberOut).optional(),
  createdAt: time,
  updatedAt: time,
});

export const businessPage = pageSchema(businessOut);
export const widgetKeyOut = z.object({ widgetPublicKey: z.string() });
export const memberPage = pageSchema(
  z.object({ accountId: z.string(), email: z.string(), name: z.string().nullable(), role }),
);
export const memberRoleOut = z.object({ accountId: z.string(), role });
export const inviteSent = z.object({ inviteId: z.string(), email: z.string(), role, expiresAt: time });
export const invitePage = pageSchema(z.object({ id: z.string(), email: z.string(), role, expiresAt: time }));
export const inviteAccepted = z.object({ businessId: z.string(), name: z.string(), role });

export const phoneNumberOut = numberOut;
export const phoneNumberPage = pageSchema(numberOut);
export const availableNumbers = z.object({
  items: z.array(
    z.object({
      e164: z.string(),
      friendlyName: z.string(),
      locality: z.string().nullable(),
      region: z.string().nullable(),
      sms: z.boolean(),
    }),
  ),
});

const scope = z.enum(['read', 'write', 'admin']);
export const apiKeyPage = pageSchema(
  z.object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scope,
    createdAt: time,
    lastUsedAt: time.nullable(),
    revokedAt: time.nullable(),
  }),
);
export const apiKeyCreated = z.object({ id: z.string(), name: z.string(), prefix: z.string(), scope, key: z.string() });
export const auditPage = pageSchema(
  z.object({
    id: z.string(),
    action: z.string(),
    accountId: z.string().nullable(),
    target: z.string().nullable(),
    meta: z.unknown(),
    createdAt: time,
  }),
);
