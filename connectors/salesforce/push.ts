import type { ConnectionSettings, LeadPayload, SyncContext, SyncOutcome, SyncWork } from '../types.ts';
import { ConnectorError } from '../types.ts';
import type { SalesforceClient } from './client.ts';
import { classifyCode, classifySalesforceError } from './errors.ts';
import { callToTask, leadDeepLink, leadToSObject, leadUpdateFields } from './mapping.ts';
import { buildMatchQuery, duplicateMatchIds, groupSamePerson, identityKeys, pickMatches } from './matching.ts';
import { matchRowSchema, type SaveResult } from './schema.ts';
import { firstErrorCode, saveRecords } from './save.ts';
import { CALL_KEY_FIELD, PERSON_KEY_FIELD, type ExternalIds } from './external-ids.ts';

export const LEDGER = { lead: 'lead:lead', task: 'call:task', phone: 'phone:lead', email: 'email:lead' } as const;

interface LeadState {
  /** The Salesforce Lead this lead is, once known. */
  sfId: string | null;
  /** update: a Lead we created for this very lead; link: someone's existing Lead, left as it is. */
  how: 'update' | 'link' | 'create' | null;
  error: ConnectorError | null;
}

function saveError(result: SaveResult): ConnectorError {
  const e = result.errors[0];
  return classifyCode(firstErrorCode(result), e?.message ?? '');
}

/**
 * Lead first (ledger → contact points in the ledger → one SOQL query → create), then a Task per call
 * with the Lead as WhoId. A Lead that the org already had is linked, never overwritten: its owner's
 * edits win, and the Task carries everything the call told us. Where the org has the External ID fields
 * (external-ids.ts), Leads and Tasks are upserted by them instead of created, so a repeat cannot duplicate.
 */
export async function pushWorks(
  client: SalesforceClient,
  ctx: SyncContext,
  works: SyncWork[],
  keys: ExternalIds = { lead: false, task: false },
): Promise<SyncOutcome[]> {
  const settings: ConnectionSettings = ctx.settings;
  const leads = new Map(works.map((w) => [w.lead.id, w.lead]));
  const state = new Map<string, LeadState>([...leads.keys()].map((id) => [id, { sfId: null, how: null, error: null }]));
  const st = (id: string) => state.get(id)!;
  const open = () => [...leads.values()].filter((l) => !st(l.id).sfId && !st(l.id).error);
  const failOpen = (err: ConnectorError) => {
    for (const l of open()) st(l.id).error = err;
  };

  const remember = async (leadId: string, sfId: string) => {
    const lead = leads.get(leadId)!;
    const { phone, email } = identityKeys(lead);
    await ctx.ledger.put(LEDGER.lead, leadId, sfId);
    if (phone) await ctx.ledger.put(LEDGER.phone, phone, sfId);
    if (email) await ctx.ledger.put(LEDGER.email, email, sfId);
  };

  // 1. Ours already: update it.
  const known = await ctx.ledger.getMany(LEDGER.lead, [...leads.keys()]);
  for (const [leadId, sfId] of known) Object.assign(st(leadId), { sfId, how: 'update' });

  // 2. Same caller as an earlier lead of ours.
  const pending = open();
  const phones = await ctx.ledger.getMany(
    LEDGER.phone,
    pending.map((l) => identityKeys(l).phone).filter((p): p is string => !!p),
  );
  const emails = await ctx.ledger.getMany(
    LEDGER.email,
    pending.map((l) => identityKeys(l).email).filter((e): e is string => !!e),
  );
  for (const lead of pending) {
    const { phone, email } = identityKeys(lead);
    const sfId = (email && emails.get(email)) || (phone && phones.get(phone)) || null;
    if (sfId) {
      Object.assign(st(lead.id), { sfId, how: 'link' });
      await remember(lead.id, sfId);
    }
  }

  // 3. Already in the org: one query for the whole batch.
  const query = buildMatchQuery(open());
  if (query) {
    try {
      const records = await client.call(async (conn) => (await conn.query(query)).records);
      const rows = records.map((r) => matchRowSchema.parse(r));
      for (const [leadId, sfId] of pickMatches(open(), rows)) {
        Object.assign(st(leadId), { sfId, how: 'link' });
        await remember(leadId, sfId);
      }
    } catch (err) {
      // Creating without knowing would make duplicates: the unmatched leads wait for the retry.
      failOpen(classifySalesforceError(err));
    }
  }

  // 4. Create, one Lead per person in this batch.
  const toCreate = open();
  const leaderOf = groupSamePerson(toCreate);
  const leaders = toCreate.filter((l) => leaderOf.get(l.id) === l.id);
  const resolveDuplicates: string[] = [];
  try {
    const leadOp = keys.lead ? { upsertBy: PERSON_KEY_FIELD } : 'create';
    const leadRecord = (l: LeadPayload) => ({
      ...leadToSObject(l, settings),
      ...(keys.lead ? { [PERSON_KEY_FIELD]: personKey(l) } : {}),
    });
    await saveRecords(client, leadOp, 'Lead', leaders.map(leadRecord), async (offset, results) => {
      for (const [i, result] of results.entries()) {
        const lead = leaders[offset + i]!;
        if (result.success && result.id) {
          Object.assign(st(lead.id), { sfId: result.id, how: 'create' });
          await remember(lead.id, result.id);
        } else if (firstErrorCode(result) === 'DUPLICATES_DETECTED') {
          const match = duplicateMatchIds(result.errors[0])[0];
          if (match) {
            Object.assign(st(lead.id), { sfId: match, how: 'link' });
            await remember(lead.id, match);
          } else resolveDuplicates.push(lead.id);
        } else st(lead.id).error = saveError(result);
      }
    });
    // sObject Collections report a duplicate without the matches; the single-record call includes them.
    for (const leadId of resolveDuplicates) {
      await saveRecords(client, leadOp, 'Lead', [leadRecord(leads.get(leadId)!)], async (_o, [result]) => {
        const match = result && !result.success ? duplicateMatchIds(result.errors[0])[0] : undefined;
        if (result?.success && result.id) {
          Object.assign(st(leadId), { sfId: result.id, how: 'create' });
          await remember(leadId, result.id);
        } else if (match) {
          Object.assign(st(leadId), { sfId: match, how: 'link' });
          await remember(leadId, match);
        } else
          st(leadId).error = result
            ? saveError(result)
            : new ConnectorError('permanent', 'Salesforce duplicate rule blocked the Lead without naming a match');
      });
    }
  } catch (err) {
    failOpen(classifySalesforceError(err));
  }
  for (const lead of toCreate) {
    const leader = st(leaderOf.get(lead.id)!);
    if (lead.id === leaderOf.get(lead.id) || st(lead.id).error) continue;
    if (leader.sfId) {
      Object.assign(st(lead.id), { sfId: leader.sfId, how: 'link' });
      await remember(lead.id, leader.sfId);
    } else st(lead.id).error = leader.error;
  }

  // 5. Update the Leads that are ours (a re-sync after an edit, or a retried job).
  const toUpdate = [...leads.values()].filter((l) => st(l.id).how === 'update');
  try {
    await saveRecords(
      client,
      'update',
      'Lead',
      toUpdate.map((l) => ({ Id: st(l.id).sfId!, ...leadUpdateFields(l, settings) })),
      async (offset, results) => {
        for (const [i, result] of results.entries()) {
          // Converted since we created it: the Lead is frozen; the Task still links to it.
          if (!result.success && firstErrorCode(result) !== 'CANNOT_UPDATE_CONVERTED_LEAD')
            st(toUpdate[offset + i]!.id).error = saveError(result);
        }
      },
    );
  } catch (err) {
    for (const l of toUpdate) st(l.id).error ??= classifySalesforceError(err);
  }

  // 6. One Task per call, linked to its Lead.
  const taskIds = new Map<string, string>();
  const withCall = works.filter((w) => w.call && st(w.lead.id).sfId && !st(w.lead.id).error);
  const calls = [...new Map(withCall.map((w) => [w.call!.id, w])).values()];
  const existing = await ctx.ledger.getMany(
    LEDGER.task,
    calls.map((w) => w.call!.id),
  );
  for (const [callId, taskId] of existing) taskIds.set(callId, taskId);
  const newCalls = calls.filter((w) => !taskIds.has(w.call!.id));
  const taskErrors = new Map<string, ConnectorError>();
  try {
    const taskOp = keys.task ? { upsertBy: CALL_KEY_FIELD } : 'create';
    const taskRecord = (w: SyncWork) => ({
      ...callToTask(w.call!, w.lead, w.business, st(w.lead.id).sfId!),
      ...(keys.task ? { [CALL_KEY_FIELD]: w.call!.id } : {}),
    });
    await saveRecords(client, taskOp, 'Task', newCalls.map(taskRecord), async (offset, results) => {
      for (const [i, result] of results.entries()) {
        const callId = newCalls[offset + i]!.call!.id;
        if (result.success && result.id) {
          taskIds.set(callId, result.id);
          await ctx.ledger.put(LEDGER.task, callId, result.id);
        } else taskErrors.set(callId, saveError(result));
      }
    });
  } catch (err) {
    newCalls.forEach((w) => {
      if (!taskIds.has(w.call!.id)) taskErrors.set(w.call!.id, classifySalesforceError(err));
    });
  }

  return works.map((w): SyncOutcome => {
    const s = st(w.lead.id);
    const error =
      s.error ??
      (w.call ? taskErrors.get(w.call.id) : undefined) ??
      (s.sfId ? null : new ConnectorError('permanent', 'Lead was not saved'));
    if (error) return { key: w.key, status: 'failed', error };
    const externalIds: Record<string, string> = { lead: s.sfId! };
    const taskId = w.call ? taskIds.get(w.call.id) : undefined;
    if (taskId) externalIds.task = taskId;
    return { key: w.key, status: 'synced', externalIds, deepLink: leadDeepLink(client.instanceUrl, s.sfId!) };
  });
}

/** Who a created Lead is, as its External ID: the caller's e-mail, else phone, else the lead itself. */
function personKey(lead: LeadPayload): string {
  const { phone, email } = identityKeys(lead);
  return email ? `email:${email}` : phone ? `phone:${phone}` : `lead:${lead.id}`;
}
