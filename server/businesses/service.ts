import { randomBytes } from 'node:crypto';
import type { Business } from '../db/generated/client.ts';
import { grantTrialAtCreation } from '../billing/trial.ts';
import type { Db, Tx } from '../db/client.ts';
import { conflict } from '../http/problem.ts';
import type { CreateBusinessInput } from './schema.ts';

export const newWidgetKey = () => 'pk_' + randomBytes(18).toString('base64url');

/**
 * Creates a business (optionally with its owner and first phone number) in one transaction, with its
 * trial minutes. `selfService` (sign-ups through the API) grants them only once the owner is verified.
 */
export async function createBusiness(
  db: Db,
  input: CreateBusinessInput & { phone?: string; ownerAccountId?: string; selfService?: boolean },
  /** Writes that belong to the creation (its audit row), in the same transaction. */
  alongside?: (tx: Tx, business: Business) => Promise<void>,
): Promise<Business> {
  return db.$transaction((tx) => createBusinessIn(tx, input, alongside));
}

/** createBusiness inside a transaction the caller holds, for writes that must stand or fall with it. */
export async function createBusinessIn(
  tx: Tx,
  input: CreateBusinessInput & { phone?: string; ownerAccountId?: string; selfService?: boolean },
  alongside?: (tx: Tx, business: Business) => Promise<void>,
): Promise<Business> {
  const { phone, ownerAccountId, selfService, ...fields } = input;
  const business = await tx.business.create({ data: { ...fields, widgetPublicKey: newWidgetKey() } as never });
  if (ownerAccountId)
    await tx.membership.create({ data: { accountId: ownerAccountId, businessId: business.id, role: 'owner' } });
  if (phone) await attachNumber(tx, business.id, phone);
  await grantTrialAtCreation(tx, business.id, selfService ? ownerAccountId : undefined);
  await alongside?.(tx, business);
  // The balance column moved with the trial grant (a trigger keeps it); return the row as it now is.
  return tx.business.findUniqueOrThrow({ where: { id: business.id } });
}

export async function attachNumber(tx: Tx | Db, businessId: string, e164: string, label?: string) {
  try {
    return await tx.phoneNumber.create({ data: { businessId, e164, label: label ?? null } });
  } catch (e) {
    if ((e as { code?: string }).code === 'P2002') throw conflict(`${e164} is already attached to a business`);
    throw e;
  }
}

/** The public view of a business: no internal-only columns. */
export function businessView(b: Business & { numbers?: { id: string; e164: string; label: string | null }[] }) {
  return {
    id: b.id,
    name: b.name,
    industry: b.industry,
    services: b.services,
    weeklyHours: b.weeklyHours,
    timezone: b.timezone,
    country: b.country,
    greeting: b.greeting,
    tone: b.tone,
    aiInstructions: b.aiInstructions,
    knowledgeBase: b.knowledgeBase,
    captureFields: b.captureFields,
    faqEntries: b.faqEntries,
    closedDates: b.closedDates,
    voice: b.voice,
    forwardingNumber: b.forwardingNumber,
    escalationRules: b.escalationRules,
    consentPrompt: b.consentPrompt,
    recordingEnabled: b.recordingEnabled,
    transcriptionEnabled: b.transcriptionEnabled,
    transcriptOnDecline: b.transcriptOnDecline,
    retentionDays: b.retentionDays,
    leadRetention: b.leadRetention,
    legalHold: b.legalHold,
    closingAt: b.closingAt,
    purgeAfter: b.purgeAfter,
    widgetPublicKey: b.widgetPublicKey,
    widgetOrigins: b.widgetOrigins,
    widgetSettings: b.widgetSettings,
    plan: b.plan,
    secondsBalance: b.secondsBalance,
    active: b.active,
    phoneNumbers: b.numbers?.map((n) => ({ id: n.id, e164: n.e164, label: n.label })),
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}
