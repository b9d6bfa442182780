/**
 * "Export offered first": closing a business queues, in the closure's own transaction, an export of
 * everything it holds; this job builds it and e-mails the owners a link to download it (signed in, as any
 * export) until the grace period ends. The export expires with the grace period and goes with the business
 * when it is purged. Steps are recorded on the request, so a retried job neither rebuilds a finished
 * export nor mails twice (short of a crash between the send and its record).
 */
import { audit } from '../auth/audit.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { enqueue } from '../jobs/enqueue.ts';
import type { Systems } from './erase.ts';
import { buildBusinessExport } from './export.ts';

/** Inside the closure's transaction: the request row and its job, committed with the closure or not at all. */
export async function queueClosureExport(tx: Tx, businessId: string, requestedBy: string): Promise<string> {
  const id = crypto.randomUUID();
  await tx.privacyRequest.create({
    data: { id, businessId, type: 'export', requestedBy, scope: { wholeBusiness: true }, systems: {} },
  });
  await enqueue(tx, 'privacy.closure_export', { requestId: id }, { jobKey: `privacy:${id}` });
  return id;
}

export const downloadUrl = (base: string, businessId: string, requestId: string) =>
  `${base}/api/v1/businesses/${businessId}/privacy-requests/${requestId}/download`;

export async function runClosureExport(ctx: AppContext, requestId: string): Promise<void> {
  const r = await ctx.db.privacyRequest.findUnique({ where: { id: requestId } });
  if (!r || r.status === 'done' || r.status === 'failed') return;
  const b = await ctx.db.business.findUnique({ where: { id: r.businessId } });
  if (!b) return;
  const systems = { ...((r.systems ?? {}) as Systems) };
  const finish = (detail?: string) =>
    ctx.db.privacyRequest.update({
      where: { id: r.id },
      data: {
        status: 'done',
        finishedAt: new Date(),
        systems: { ...systems, ...(detail ? { mail: { state: 'done', detail } } : {}) } as object,
      },
    });
  if (!b.closingAt || !b.purgeAfter) {
    // Reopened before the job ran: nothing is going away, so nothing is offered.
    systems.database = { state: 'done', detail: 'the business was reopened; nothing exported' };
    await finish();
    return;
  }
  if (systems.database?.state !== 'done') {
    const doc = await buildBusinessExport(ctx.db, b.id);
    systems.database = {
      state: 'done',
      detail: `${doc.calls.length} calls, ${doc.leads.length} leads, ${doc.callbackRequests.length} callback requests`,
    };
    await ctx.db.privacyRequest.update({
      where: { id: r.id },
      data: {
        status: 'running',
        exportJson: doc as object,
        // Downloadable for as long as the business can still be reopened, then deleted with it.
        exportExpiresAt: b.purgeAfter,
        systems: systems as object,
      },
    });
  }
  const owners = await ctx.db.membership.findMany({
    where: { businessId: b.id, role: 'owner' },
    select: { account: { select: { email: true } } },
  });
  const url = downloadUrl(ctx.config.PUBLIC_BASE_URL, b.id, r.id);
  const until = b.purgeAfter.toISOString().slice(0, 10);
  for (const o of owners)
    await ctx.mailer.send({
      to: o.account.email,
      subject: `${b.name} is closing: download its data before ${until}`,
      text:
        `${b.name} was closed on Leadline. Everything it holds (calls, transcripts, leads, callback requests, ` +
        `consent records, CRM record ids) is deleted after ${b.purgeAfter.toISOString()}.\n\n` +
        `Until then, download an export of all of it (sign in as an owner or admin of the business):\n${url}\n\n` +
        'Changed your mind? Reopen the business before that date and nothing is deleted.',
    });
  await audit(ctx.db, {
    action: 'business.export_offered',
    businessId: b.id,
    target: r.id,
    meta: { owners: owners.length, expiresAt: b.purgeAfter.toISOString() },
  });
  await finish(`offered to ${owners.length} owner(s)`);
}
