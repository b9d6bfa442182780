/**
 * Logs each work's call as a HubSpot call engagement associated with its contact. A call already in the
 * ledger (`call:call`) is left alone: the call record is final once the lead exists, and skipping costs no
 * request on a re-push.
 */
import type { Client } from '@hubspot/api-client';
import type { CallPayload, ConnectorError, SyncContext, SyncWork } from '../types.ts';
import { groupBy } from '../shared/batch.ts';
import { callProperties, callToContactAssociation } from './mapping.ts';
import type { HubspotSession } from './session.ts';
import { writeInBatches, type BatchAnswer, type BatchItem, type PushState } from './batch-write.ts';

type CallCreateInput = Parameters<Client['crm']['objects']['calls']['batchApi']['create']>[0]['inputs'][number];

export interface CallWork {
  work: SyncWork;
  call: CallPayload;
  contactId: string;
}

export type CallResult = Map<string /* work key */, string /* call id */ | ConnectorError>;

export async function syncCalls(session: HubspotSession, ctx: SyncContext, items: CallWork[], state: PushState): Promise<CallResult> {
  const result: CallResult = new Map();
  const logged = await ctx.ledger.getMany('call:call', [...new Set(items.map((i) => i.call.id))]);
  const fresh: CallWork[] = [];
  for (const item of items) {
    const id = logged.get(item.call.id);
    if (id) result.set(item.work.key, id);
    else fresh.push(item);
  }
  const groups = groupBy(fresh, (i) => i.call.id);
  const inputs: BatchItem<CallCreateInput>[] = [...groups].map(([callId, [first, ...others]]) => {
    const head = first as CallWork;
    const contacts = [...new Set([head.contactId, ...others.map((o) => o.contactId)])];
    return {
      traceId: callId,
      input: {
        properties: callProperties(head.call, head.work.lead),
        associations: contacts.map(callToContactAssociation) as CallCreateInput['associations'],
        objectWriteTraceId: callId,
      },
    };
  });
  const out = await writeInBatches({
    items: inputs,
    state,
    send: (batch) =>
      session.run('objects', async (c) => (await c.crm.objects.calls.batchApi.create({ inputs: batch })) as unknown as BatchAnswer),
    onWritten: async (written) => {
      for (const [callId, id] of written) {
        await ctx.ledger.put('call:call', callId, id);
        for (const i of groups.get(callId) ?? []) result.set(i.work.key, id);
      }
    },
  });
  for (const [callId, r] of out) {
    if (typeof r === 'string') continue;
    for (const i of groups.get(callId) ?? []) result.set(i.work.key, r);
  }
  return result;
}
