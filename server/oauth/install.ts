/**
 * What a successful OAuth callback does: find (or, for a marketplace install, create) the business, store
 * the Connection with encrypted tokens, and queue the work that follows (resume parked work, backfill).
 */
import { randomUUID } from 'node:crypto';
import type { Provider } from '../../connectors/types.ts';
import { audit } from '../auth/audit.ts';
import { enforcePlanLimit } from '../billing/limits.ts';
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/generated/client.ts';
import { resumeWork } from '../sync/connection-state.ts';
import { sealGrant } from '../sync/grants.ts';
import { writeInstallEntries } from '../sync/ledger.ts';
import { enqueueBackfill } from '../sync/outbox.ts';
import {
  type Creates,
  createTarget,
  type InstallInput,
  marketplaceTarget,
  type Owner,
  reattachNeedsOwner,
} from './install-target.ts';
import { issueSetupToken, setupUrl, SETUP_TTL_MS } from './setup-token.ts';

export const BACKFILL_DAYS = 30;

export interface InstallResult {
  connection: Connection;
  business: { id: string; name: string };
  createdAccount: boolean;
  createdBusiness: boolean;
  /** Marketplace install that created the account: the address the set-up link was e-mailed to. */
  setupEmailedTo: string | null;
  resumed: number;
  backfilled: number;
}

/** Marketplace install whose CRM owner e-mail matched an existing account: nothing attached until confirmed. */
export interface PendingInstall {
  pending: true;
  provider: Provider;
  confirmationEmailedTo: string;
}

const days = (ms: number) => Math.round(ms / 86_400_000);

/** The callback's outcome: attached (from Leadline, or a marketplace install we may attach), or held for confirmation. */
export async function finishInstall(ctx: AppContext, p: InstallInput): Promise<InstallResult | PendingInstall> {
  if (p.businessId) {
    const owner = await reattachNeedsOwner(ctx, { ...p, businessId: p.businessId });
    if (owner)
      return hold(ctx, p, owner, `An admin of ${owner.businessName} connected ${p.connector.displayName} again`);
    return completeInstall(ctx, { ...p, businessId: p.businessId });
  }
  const r = await marketplaceTarget(ctx, p.provider, p.account);
  if (r.kind === 'confirm')
    return hold(
      ctx,
      p,
      r,
      `Leadline was installed from ${p.connector.displayName}${p.account.name ? ` (${p.account.name})` : ''}`,
    );
  const result = await completeInstall(ctx, { ...p, businessId: null, marketplace: true }, r.creates);
  {
    // Sent once the connection exists, so the set-up page can show it.
    const token = await issueSetupToken(ctx, {
      provider: p.provider,
      accountId: result.ownerAccountId!,
      businessId: result.business.id,
      payload: { kind: 'password' },
    });
    const email = r.creates.ownerEmail;
    await ctx.mailer.send({
      to: email,
      subject: 'Finish setting up Leadline',
      text:
        `Leadline was installed from ${p.connector.displayName} for ${result.business.name}. Choose a password to finish set-up: ${setupUrl(ctx, token)}\n` +
        `The link works once and expires in ${days(SETUP_TTL_MS)} days.`,
    });
    return { ...result, setupEmailedTo: email };
  }
}

/** Keeps the grant sealed in a held install and e-mails the owner; nothing is attached. */
async function hold(ctx: AppContext, p: InstallInput, r: Owner, why: string): Promise<PendingInstall> {
  // The held install and its audit row stand or fall together; the mail follows what was written.
  const token = await ctx.db.$transaction(async (tx) => {
    const t = await issueSetupToken(
      ctx,
      {
        provider: p.provider,
        accountId: r.ownerId,
        businessId: r.businessId,
        payload: { kind: 'confirm', grant: p.grant, account: p.account, businessName: r.businessName },
      },
      tx,
    );
    await audit(tx, {
      action: 'connection.pending_confirmation',
      accountId: r.ownerId,
      businessId: r.businessId,
      meta: { provider: p.provider, externalAccountId: p.account.id, installedBy: p.accountId },
      ip: p.ip ?? null,
    });
    return t;
  });
  await ctx.mailer.send({
    to: r.email,
    subject: `Confirm connecting ${p.connector.displayName} to Leadline`,
    text:
      `${why} (account ${p.account.id}). Nothing is connected yet.\n\n` +
      `If you want it, confirm it to connect it to ${r.businessName}${r.businessId ? '' : ' (a new business)'} and send it the leads of the last ${BACKFILL_DAYS} days: ${setupUrl(ctx, token)}\n` +
      `(or log in to Leadline: GET /api/v1/pending-installs). The link works once and expires in ${days(SETUP_TTL_MS)} days. If it was not you, decline it on the same page or ignore this e-mail.`,
  });
  return { pending: true, provider: p.provider, confirmationEmailedTo: r.email };
}

/**
 * Stores the connection in the business (active) and queues what follows: parked work resumed, or a backfill.
 * What the install creates (`creates`), the connection and its audit row are one transaction: a failure
 * anywhere leaves no account, business or connection behind.
 */
export async function completeInstall(
  ctx: AppContext,
  p: InstallInput & { marketplace?: boolean },
  creates?: Creates,
): Promise<InstallResult & { ownerAccountId: string | null }> {
  // Before the transaction: vendor requests do not belong inside one, and the backfill it releases should
  // find the provider ready (HubSpot's unique keys) rather than wait for it.
  const prepared =
    (await p.connector.prepare?.(p.grant).catch((err: unknown) => {
      ctx.log.warn({ err, provider: p.provider }, 'install set-up in the provider failed; the first push does it');
      return [];
    })) ?? [];
  const out = await ctx.db.$transaction(async (tx) => {
    const target = creates
      ? await createTarget(tx, creates, p.provider)
      : { businessId: p.businessId!, createdAccount: false, createdBusiness: false, ownerAccountId: p.accountId };
    await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`connection:${target.businessId}:${p.provider}`}))`;
    const before = await tx.connection.findUnique({
      where: { businessId_provider: { businessId: target.businessId, provider: p.provider } },
    });
    // A new place (no row, or one left disconnected) counts against the plan; re-authorising one does not.
    if (!before || before.status === 'disconnected')
      await enforcePlanLimit(tx, {
        businessId: target.businessId,
        limit: 'crmConnections',
        billingOn: Boolean(ctx.config.STRIPE_SECRET_KEY),
        provider: p.provider,
      });
    const sameAccount = before?.externalAccountId === p.account.id;
    // Ids recorded for another CRM account mean nothing in this one: start the ledger afresh.
    if (before && !sameAccount) {
      await tx.syncRecord.deleteMany({ where: { connectionId: before.id } });
      await tx.syncLedgerEntry.deleteMany({ where: { connectionId: before.id } });
    }
    // Tokens are sealed for their row, so a new row's id is chosen here rather than by the database.
    const id = before?.id ?? randomUUID();
    const fields = {
      externalAccountId: p.account.id,
      externalName: p.account.name,
      ownerEmail: p.account.ownerEmail,
      instanceUrl: p.account.instanceUrl ?? p.grant.instanceUrl ?? null,
      ...sealGrant(ctx.config, id, p.grant),
      status: 'active' as const,
      lastError: null,
    };
    const connection = before
      ? await tx.connection.update({ where: { id }, data: fields })
      : await tx.connection.create({
          data: { id, businessId: target.businessId, provider: p.provider, settings: {}, ...fields },
        });
    await writeInstallEntries(tx, connection, prepared);
    const resumed = before && sameAccount ? await resumeWork(tx, connection.id) : 0;
    // First connection (or a new account, or back from a disconnect): the last 30 days of leads go over.
    const backfill = !before || !sameAccount || before.status === 'disconnected';
    const backfilled = backfill
      ? (await enqueueBackfill(tx, { connectionId: connection.id, businessId: target.businessId, days: BACKFILL_DAYS }))
          .leads
      : 0;
    await audit(tx, {
      action: before ? 'connection.reconnected' : 'connection.connected',
      accountId: p.accountId,
      businessId: target.businessId,
      target: connection.id,
      meta: {
        provider: p.provider,
        externalAccountId: p.account.id,
        scopes: p.grant.scopes,
        marketplace: p.marketplace ?? false,
      },
      ip: p.ip ?? null,
    });
    const business = await tx.business.findUniqueOrThrow({
      where: { id: target.businessId },
      select: { id: true, name: true },
    });
    return { target, business, connection, resumed, backfilled };
  });
  const { target, business } = out;
  return {
    connection: out.connection,
    business,
    createdAccount: target.createdAccount,
    createdBusiness: target.createdBusiness,
    setupEmailedTo: null,
    ownerAccountId: target.ownerAccountId,
    resumed: out.resumed,
    backfilled: out.backfilled,
  };
}
