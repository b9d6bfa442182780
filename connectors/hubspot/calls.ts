/**
 * Logs each work's call as a HubSpot call engagement associated with its contact. A call already in the
 * ledger (`call:call`) is left alone: the call record is final once the lead exists, and skipping costs no
 * request on a re-push.
 *
 * Creating is not idempotent in HubSpot, so a create whose answer never arrived (a 5xx after HubSpot
 * committed, a worker killed mid-request) must not simply be sent again. Each call is marked `call:sent`
 * in the ledger before its create leaves; a marked call without an id is first looked up — by its start
 * time and numbers, which no other call shares to the millisecond — and adopted if HubSpot has it.
 *
 * That lookup is a search, and HubSpot's search index trails writes by seconds. So where the portal has the
 * unique call key (unique-keys.ts) every create carries it instead, no mark and no search are needed, and a
 * create HubSpot already has answers 409 and is adopted. The marks and lookups remain the fallback.
 */
import type { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/calls/index.js';
import type { CallPayload, ConnectorError, SyncContext, SyncWork } from '../types.ts';
import { chunk, groupBy } from '../shared/batch.ts';
import { callProperties, callToContactAssociation } from './mapping.ts';
import type { HubspotSession } from './session.ts';
import { classifyHubspotError } from './client.ts';
import { writeInBatches, type BatchAnswer, type BatchItem, type PushState } from './batch-write.ts';
import { CALL_KEY, createOrAdopt, type UniqueKeys } from './unique-keys.ts';

type CallCreateInput = Parameters<Client['crm']['objects']['calls']['batchApi']['create']>[0]['inputs'][number];

export interface CallWork {
  work: SyncWork;
  call: CallPayload;
  contactId: string;
}

export type CallResult = Map<string /* work key */, string /* call id */ | ConnectorError>;

/** Calls per lookup request: two OR-ed filter groups, each a time range and an `IN` of 50 from-numbers. */
const NUMBERS_PER_FILTER = 50;
const CALLS_PER_LOOKUP = 2 * NUMBERS_PER_FILTER;

export async function syncCalls(
  session: HubspotSession,
  ctx: SyncContext,
  items: CallWork[],
  state: PushState,
  keysPromise: Promise<UniqueKeys>,
): Promise<CallResult> {
  const result: CallResult = new Map();
  const keys = await keysPromise;
  const ids = [...new Set(items.map((i) => i.call.id))];
  const logged = await ctx.ledger.getMany('call:call', ids);
  // Marks are written only without the call key, but a mark left from before the portal had it still means
  // "maybe created, without a key": look it up, the key could not find it.
  const sent = await ctx.ledger.getMany(
    'call:sent',
    ids.filter((id) => !logged.has(id)),
  );
  const groups = groupBy(items, (i) => i.call.id);
  const found = await lookUp(
    session,
    [...sent.keys()].map((id) => groups.get(id)![0]!.call),
    state,
  );
  for (const [callId, id] of found) if (typeof id === 'string') await ctx.ledger.put('call:call', callId, id);

  const fresh = new Map<string, CallWork[]>();
  for (const [callId, group] of groups) {
    const id = logged.get(callId) ?? found.get(callId);
    if (id) for (const i of group) result.set(i.work.key, id);
    else fresh.set(callId, group);
  }
  const inputs: BatchItem<CallCreateInput>[] = [...fresh].map(([callId, [first, ...others]]) => {
    const head = first as CallWork;
    const contacts = [...new Set([head.contactId, ...others.map((o) => o.contactId)])];
    return {
      traceId: callId,
      input: {
        properties: { ...callProperties(head.call, head.work.lead), ...(keys.call ? { [CALL_KEY]: callId } : {}) },
        associations: contacts.map(callToContactAssociation) as CallCreateInput['associations'],
        objectWriteTraceId: callId,
      },
    };
  });
  const out = await writeInBatches({
    items: inputs,
    state,
    send: async (batch) => {
      const create = (inputs: CallCreateInput[]) =>
        session.run(
          'objects',
          async (c) => (await c.crm.objects.calls.batchApi.create({ inputs })) as unknown as BatchAnswer,
          // Calls are leaves: a contact write waiting for the same slot unlocks more (its calls) and goes first.
          // With the call key a re-sent create is adopted on its 409, so a 5xx is re-sent at once (see contacts.ts).
          { priority: 'low', idempotent: keys.call },
        );
      if (keys.call) {
        const readByKey = (values: string[]) =>
          session.run(
            'objects',
            async (c) =>
              (await c.crm.objects.calls.batchApi.read({
                idProperty: CALL_KEY,
                inputs: values.map((id) => ({ id })),
                properties: [CALL_KEY],
                propertiesWithHistory: [],
              })) as unknown as BatchAnswer,
            { idempotent: true, priority: 'low' },
          );
        return createOrAdopt(batch, CALL_KEY, create, readByKey);
      }
      // Durable before the request leaves: the budget take inside run() flushes the ledger.
      for (const input of batch) await ctx.ledger.put('call:sent', String(input.objectWriteTraceId), 'sent');
      return create(batch);
    },
    onWritten: async (written) => {
      for (const [callId, id] of written) {
        await ctx.ledger.put('call:call', callId, id);
        for (const i of fresh.get(callId) ?? []) result.set(i.work.key, id);
      }
    },
  });
  for (const [callId, r] of out) {
    if (typeof r === 'string') continue;
    for (const i of fresh.get(callId) ?? []) result.set(i.work.key, r);
  }
  return result;
}

/** The identity a logged call keeps in HubSpot: start time to the millisecond and both numbers. */
function identity(
  timestamp: string | null | undefined,
  from: string | null | undefined,
  to: string | null | undefined,
): string {
  const ms = /^\d+$/.test(String(timestamp)) ? Number(timestamp) : Date.parse(String(timestamp));
  return `${ms}|${from ?? ''}|${to ?? ''}`;
}

/**
 * call id → HubSpot id for those of `calls` HubSpot already has. When a lookup request fails, its calls get
 * the error instead: never created blind.
 */
async function lookUp(
  session: HubspotSession,
  calls: CallPayload[],
  state: PushState,
): Promise<Map<string, string | ConnectorError>> {
  const found = new Map<string, string | ConnectorError>();
  for (const part of chunk(calls, CALLS_PER_LOOKUP)) {
    if (state.aborted) {
      for (const c of part) found.set(c.id, state.aborted);
      continue;
    }
    const wanted = new Map(part.map((c) => [identity(c.startedAt, c.from, c.to), c.id]));
    const filterGroups = chunk(part, NUMBERS_PER_FILTER).map((calls) => {
      const times = calls.map((c) => Date.parse(c.startedAt));
      const froms = [...new Set(calls.map((c) => c.from).filter((f): f is string => !!f))];
      return {
        filters: [
          {
            propertyName: 'hs_timestamp',
            operator: 'BETWEEN' as FilterOperatorEnum,
            value: String(Math.min(...times)),
            highValue: String(Math.max(...times)),
          },
          ...(froms.length === calls.length
            ? [{ propertyName: 'hs_call_from_number', operator: 'IN' as FilterOperatorEnum, values: froms }]
            : []),
        ],
      };
    });
    let after: string | undefined;
    try {
      do {
        const page = await session.run(
          'search',
          (c) =>
            c.crm.objects.calls.searchApi.doSearch({
              filterGroups,
              properties: ['hs_timestamp', 'hs_call_from_number', 'hs_call_to_number'],
              limit: 100,
              ...(after ? { after } : {}),
            }),
          { idempotent: true },
        );
        for (const row of page.results) {
          const callId = wanted.get(
            identity(row.properties.hs_timestamp, row.properties.hs_call_from_number, row.properties.hs_call_to_number),
          );
          const prev = callId ? found.get(callId) : undefined;
          if (callId && (typeof prev !== 'string' || Number(row.id) < Number(prev))) found.set(callId, String(row.id));
        }
        after = page.paging?.next?.after;
      } while (after);
    } catch (e) {
      const err = classifyHubspotError(e);
      if (err.kind === 'auth') state.aborted = err;
      for (const c of part) if (!found.has(c.id)) found.set(c.id, err);
    }
  }
  return found;
}
