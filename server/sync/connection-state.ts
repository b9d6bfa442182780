/**
 * Connection status changes and what they mean for queued work: needs_reauth parks pending work (kept,
 * not retried) and tells the owners once; reconnecting puts it back in line.
 */
import type { Connection } from '../db/generated/client.ts';
import type { Db, Tx } from '../db/client.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../auth/audit.ts';
import { enqueuePush } from './outbox.ts';
import { emitWebhookEvent } from '../webhooks/outbox.ts';

export const STATUS_KINDS = ['lead', 'call'];

/**
 * active → needs_reauth, parking pending work. Returns true only for the caller that made the transition,
 * so the owners are e-mailed once per incident however many workers hit the dead grant.
 */
export async function markNeedsReauth(tx: Tx | Db, connectionId: string, reason: string): Promise<boolean> {
  const { count } = await tx.connection.updateMany({
    where: { id: connectionId, status: 'active' },
    data: { status: 'needs_reauth', lastError: reason.slice(0, 1000) },
  });
  if (count === 0) return false;
  await parkWork(tx, connectionId, `connection needs re-authorization: ${reason}`);
  const c = await tx.connection.findUniqueOrThrow({ where: { id: connectionId } });
  await emitWebhookEvent(tx, c.businessId, 'connection.needs_reauth', {
    connectionId,
    businessId: c.businessId,
    provider: c.provider,
    externalName: c.externalName,
    reason: reason.slice(0, 300),
  });
  return true;
}

export async function parkWork(tx: Tx | Db, connectionId: string, why: string): Promise<number> {
  const { count } = await tx.syncRecord.updateMany({
    where: { connectionId, kind: { in: STATUS_KINDS }, status: 'pending' },
    data: { status: 'parked', lastError: why.slice(0, 1000) },
  });
  return count;
}

/** Parked work back to pending (after a reconnect) and a push queued for it. */
export async function resumeWork(tx: Tx, connectionId: string): Promise<number> {
  const { count } = await tx.syncRecord.updateMany({
    where: { connectionId, kind: { in: STATUS_KINDS }, status: 'parked' },
    data: { status: 'pending', attempts: 0, lastError: null },
  });
  await enqueuePush(tx, connectionId);
  return count;
}

/**
 * E-mails each owner a reconnect link that works from the mail client: a browser opening it has no Leadline
 * session, so the link carries a reconnect ticket for that owner, this business and provider (single use,
 * 7 days; ctx.reconnectLinks, implemented by server/oauth/tickets.ts).
 */
export async function notifyOwnersOfReauth(
  ctx: AppContext,
  conn: Pick<Connection, 'id' | 'businessId' | 'provider' | 'externalName'>,
  reason: string,
): Promise<void> {
  const business = await ctx.db.business.findUnique({
    where: { id: conn.businessId },
    include: { memberships: { where: { role: 'owner' }, include: { account: true } } },
  });
  if (!business) return;
  const days = Math.round(ctx.reconnectLinks.ttlSeconds / 86_400);
  for (const m of business.memberships) {
    const link = await ctx.reconnectLinks.mint({
      accountId: m.accountId,
      businessId: business.id,
      provider: conn.provider,
    });
    await ctx.mailer.send({
      to: m.account.email,
      subject: `Reconnect ${conn.provider} for ${business.name}`,
      text:
        `Leadline can no longer reach ${conn.provider}${conn.externalName ? ` (${conn.externalName})` : ''} for ${business.name}: ${reason}\n\n` +
        `New leads are kept and will be sent as soon as you reconnect. Reconnect here: ${link}\n\n` +
        `This link works once and expires in ${days} days; after that, sign in to Leadline and reconnect from there.`,
    });
  }
  await audit(ctx.db, {
    action: 'connection.needs_reauth',
    businessId: conn.businessId,
    target: conn.id,
    meta: { provider: conn.provider, reason: reason.slice(0, 300) },
  });
}

/** The one entry point for "this grant is dead": transition, park, tell the owners (once). */
export async function connectionLostAuth(
  ctx: AppContext,
  conn: Pick<Connection, 'id' | 'businessId' | 'provider' | 'externalName'>,
  reason: string,
): Promise<void> {
  if (await markNeedsReauth(ctx.db, conn.id, reason)) {
    ctx.log.warn({ connectionId: conn.id, provider: conn.provider }, 'connection needs re-authorization');
    await notifyOwnersOfReauth(ctx, conn, reason);
  }
}
