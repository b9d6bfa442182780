/**
 * What a successful OAuth callback does: find (or, for a marketplace install, create) the business, store
 * the Connection with encrypted tokens, and queue the work that follows (resume parked work, backfill).
 */
import type { Connector, ExternalAccount, Grant, Provider } from '../../connectors/types.ts';
import { audit } from '../auth/audit.ts';
import { issueCode } from '../auth/codes.ts';
import { createBusiness } from '../businesses/service.ts';
import type { AppContext } from '../context.ts';
import { randomToken } from '../crypto/secrets.ts';
import type { Connection } from '../db/generated/client.ts';
import { badRequest, conflict } from '../http/problem.ts';
import { resumeWork } from '../sync/connection-state.ts';
import { sealGrant } from '../sync/grants.ts';
import { enqueueBackfill } from '../sync/outbox.ts';

export const BACKFILL_DAYS = 30;

export interface InstallResult {
  connection: Connection;
  business: { id: string; name: string };
  createdAccount: boolean;
  createdBusiness: boolean;
  /** Marketplace install that created the account: where the installer finishes set-up. */
  setupUrl: string | null;
  resumed: number;
  backfilled: number;
}

interface Target {
  businessId: string;
  createdAccount: boolean;
  createdBusiness: boolean;
  setupUrl: string | null;
}

/**
 * Marketplace install (no Leadline session): the business already connected to this CRM account, else a
 * business owned by the account with the CRM owner's e-mail, else a new account + business.
 */
async function marketplaceTarget(ctx: AppContext, provider: Provider, account: ExternalAccount): Promise<Target> {
  const { db } = ctx;
  const existing = await db.connection.findFirst({ where: { provider, externalAccountId: account.id }, orderBy: { createdAt: 'asc' } });
  if (existing) return { businessId: existing.businessId, createdAccount: false, createdBusiness: false, setupUrl: null };
  const email = account.ownerEmail?.trim().toLowerCase();
  if (!email) throw badRequest(`${provider} did not tell us the installer's e-mail address, so no Leadline account can be matched or created. Install from inside Leadline instead.`);
  const name = account.name?.trim() || `${provider} account ${account.id}`;
  const owner = await db.account.findUnique({ where: { email }, include: { memberships: { where: { role: 'owner' }, orderBy: { createdAt: 'asc' }, include: { business: { include: { connections: { where: { provider } } } } } } } });
  if (owner) {
    const first = owner.memberships[0]?.business;
    if (first) {
      const other = first.connections.find((c) => c.externalAccountId !== account.id && c.status !== 'disconnected');
      // An e-mail match must not silently move a business to a different CRM account.
      if (other) throw conflict(`${first.name} is already connected to another ${provider} account; sign in to Leadline and reconnect from there`);
      return { businessId: first.id, createdAccount: false, createdBusiness: false, setupUrl: null };
    }
    const b = await createBusiness(db, { name, ownerAccountId: owner.id });
    return { businessId: b.id, createdAccount: false, createdBusiness: true, setupUrl: null };
  }
  // No usable password until the owner sets one with the code we e-mail (argon2 never verifies this value).
  const created = await db.account.create({ data: { email, name: null, passwordHash: `!unset:${randomToken(16)}`, emailVerifiedAt: null } });
  const b = await createBusiness(db, { name, ownerAccountId: created.id });
  const code = await issueCode(db, ctx.config.jwtSecret, created.id, 'reset_password');
  const setupUrl = `${ctx.config.PUBLIC_BASE_URL}/setup?email=${encodeURIComponent(email)}`;
  await ctx.mailer.send({
    to: email,
    subject: 'Finish setting up Leadline',
    text: `Leadline was installed from ${provider} for ${name}. Choose a password to finish set-up: ${setupUrl}\nYour set-up code is ${code}; it expires in 15 minutes (ask for a new one on the same page if it has).`,
  });
  await audit(db, { action: 'account.created_by_install', accountId: created.id, businessId: b.id, meta: { provider } });
  return { businessId: b.id, createdAccount: true, createdBusiness: true, setupUrl };
}

export async function completeInstall(
  ctx: AppContext,
  p: { provider: Provider; connector: Connector; grant: Grant; account: ExternalAccount; businessId: string | null; accountId: string | null; ip?: string | undefined },
): Promise<InstallResult> {
  const target: Target = p.businessId
    ? { businessId: p.businessId, createdAccount: false, createdBusiness: false, setupUrl: null }
    : await marketplaceTarget(ctx, p.provider, p.account);
  const sealed = sealGrant(ctx.config, p.grant);
  const fields = {
    externalAccountId: p.account.id,
    externalName: p.account.name,
    ownerEmail: p.account.ownerEmail,
    instanceUrl: p.account.instanceUrl ?? p.grant.instanceUrl ?? null,
    ...sealed,
    status: 'active' as const,
    lastError: null,
  };
  const out = await ctx.db.$transaction(async (tx) => {
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`connection:${target.businessId}:${p.provider}`}))`;
    const before = await tx.connection.findUnique({ where: { businessId_provider: { businessId: target.businessId, provider: p.provider } } });
    const sameAccount = before?.externalAccountId === p.account.id;
    // Ids recorded for another CRM account mean nothing in this one: start the ledger afresh.
    if (before && !sameAccount) await tx.syncRecord.deleteMany({ where: { connectionId: before.id } });
    const connection = before
      ? await tx.connection.update({ where: { id: before.id }, data: fields })
      : await tx.connection.create({ data: { businessId: target.businessId, provider: p.provider, settings: {}, ...fields } });
    const resumed = before && sameAccount ? await resumeWork(tx, connection.id) : 0;
    // First connection (or a new account, or back from a disconnect): the last 30 days of leads go over.
    const backfill = !before || !sameAccount || before.status === 'disconnected';
    const backfilled = backfill ? (await enqueueBackfill(tx, { connectionId: connection.id, businessId: target.businessId, days: BACKFILL_DAYS })).leads : 0;
    return { connection, resumed, backfilled, reconnected: Boolean(before) };
  });
  const business = await ctx.db.business.findUniqueOrThrow({ where: { id: target.businessId }, select: { id: true, name: true } });
  await audit(ctx.db, {
    action: out.reconnected ? 'connection.reconnected' : 'connection.connected',
    accountId: p.accountId,
    businessId: target.businessId,
    target: out.connection.id,
    meta: { provider: p.provider, externalAccountId: p.account.id, scopes: p.grant.scopes, marketplace: !p.businessId },
    ip: p.ip ?? null,
  });
  return { connection: out.connection, business, createdAccount: target.createdAccount, createdBusiness: target.createdBusiness, setupUrl: target.setupUrl, resumed: out.resumed, backfilled: out.backfilled };
}
