import type { Tx } from '../db/client.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { enqueueLeadSync } from '../sync/outbox.ts';

export interface LeadReady {
  businessId: string;
  leadId: string;
  callId: string | null;
}

/**
 * `lead.ready`: a lead was written or updated from a call. Runs inside the transaction that wrote it, so
 * every follow-up (CRM sync jobs, notifications) exists exactly when the lead does.
 */
export async function emitLeadReady(tx: Tx, e: LeadReady): Promise<void> {
  await enqueueLeadSync(tx, { businessId: e.businessId, leadId: e.leadId, callId: e.callId });
  await enqueue(
    tx,
    'lead.notify',
    { leadId: e.leadId, callId: e.callId },
    { jobKey: `notify:${e.callId ?? e.leadId}`, maxAttempts: 8 },
  );
}
