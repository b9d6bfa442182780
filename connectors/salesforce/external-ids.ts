/**
 * Salesforce's own idempotent create: an External ID field and `upsert` by it. A Task carrying
 * `Leadline_Call_Key__c` (our call id) and a Lead carrying `Leadline_Person_Key__c` (who the caller is)
 * are created once and updated on every repeat — a create whose answer was lost (a 5xx after Salesforce
 * committed, a killed worker, a drain that lost its lease) can simply be sent again.
 *
 * The install makes them (install-fields.ts: the Metadata API, when the installing user may customize the
 * org) and records them in the ledger; an admin may also add them (Text, External ID, Unique). Otherwise each
 * connection checks once (describe, remembered in the ledger, asked again after a day) and, without them,
 * keeps the fallback: Leads are matched by SOQL on e-mail and phone before a create (SOQL reads committed
 * rows, so a lost create is found), but a Task has no natural key, so a Task whose create answer was lost is
 * logged twice.
 */
import { z } from 'zod';
import type { SyncContext } from '../types.ts';
import type { SalesforceClient } from './client.ts';

export const PERSON_KEY_FIELD = 'Leadline_Person_Key__c';
export const CALL_KEY_FIELD = 'Leadline_Call_Key__c';

export interface ExternalIds {
  lead: boolean;
  task: boolean;
}

export const LEDGER_KIND = 'salesforce:external-id';
const ABSENT = 'absent@';
const RECHECK_MS = 24 * 3600_000;
const FIELD: Record<'Lead' | 'Task', string> = { Lead: PERSON_KEY_FIELD, Task: CALL_KEY_FIELD };
const describedSchema = z.looseObject({
  fields: z.array(z.looseObject({ name: z.string(), externalId: z.boolean().optional() })),
});

export async function externalIdFields(client: SalesforceClient, ctx: SyncContext): Promise<ExternalIds> {
  const known = await ctx.ledger.getMany(LEDGER_KIND, ['Lead', 'Task']);
  const has = async (type: 'Lead' | 'Task'): Promise<boolean> => {
    const seen = known.get(type);
    if (seen === FIELD[type]) return true;
    if (seen?.startsWith(ABSENT) && Date.now() - Number(seen.slice(ABSENT.length)) < RECHECK_MS) return false;
    let present: boolean;
    try {
      const described = describedSchema.parse(await client.call((conn) => conn.describe(type)));
      present = described.fields.some((f) => f.name === FIELD[type] && f.externalId === true);
    } catch {
      return false; // unknown this time: the weaker path, and ask again next push
    }
    await ctx.ledger.put(LEDGER_KIND, type, present ? FIELD[type] : `${ABSENT}${Date.now()}`);
    return present;
  };
  const [lead, task] = await Promise.all([has('Lead'), has('Task')]);
  return { lead, task };
}
