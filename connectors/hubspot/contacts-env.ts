/**
 * What the contact lanes (contacts.ts, phone-search.ts, contact-create.ts) share: one push's contact work
 * and the steps every lane ends a write with.
 */
import type { ConnectorError, SyncContext, SyncWork } from '../types.ts';
import type { BatchAnswer, PushState } from './batch-write.ts';
import { contactProperties } from './mapping.ts';
import type { HubspotSession } from './session.ts';
import type { UniqueKeys } from './unique-keys.ts';

export type ContactResult = Map<string /* work key */, string /* contact id */ | ConnectorError>;

/** One push's contact work: how it talks to HubSpot, and where each work's contact (or error) lands. */
export interface Env {
  session: HubspotSession;
  ctx: SyncContext;
  state: PushState;
  overrides: Record<string, string> | undefined;
  /** Awaited by creates only (see the connector's push). */
  keys: Promise<UniqueKeys>;
  result: ContactResult;
}

export function unique(values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

export function mergedProperties(env: Env, works: SyncWork[]): Record<string, string> {
  return Object.assign({}, ...works.map((w) => contactProperties(w.lead, env.overrides))) as Record<string, string>;
}

/** Records the outcome for every work of a written contact and the ledger rows that make it findable. */
export async function remember(
  env: Env,
  works: SyncWork[],
  contactId: string,
  skipLead?: Map<string, string>,
): Promise<void> {
  for (const w of works) {
    env.result.set(w.key, contactId);
    if (skipLead?.get(w.lead.id) !== contactId) await env.ctx.ledger.put('lead:contact', w.lead.id, contactId);
  }
}

export function answerOf(r: { results: unknown[]; errors?: unknown[] }): BatchAnswer {
  return r as BatchAnswer;
}

/** Every work of a group whose write failed carries that group's error. */
export function failGroups(env: Env, out: Map<string, string | ConnectorError>, groups: Map<string, SyncWork[]>): void {
  for (const [key, r] of out) {
    if (typeof r === 'string') continue;
    for (const w of groups.get(key) ?? []) env.result.set(w.key, r);
  }
}
