/**
 * What a successful OAuth callback does: find (or, for a marketplace install, create) the business, store
 * the Connection with encrypted tokens, and queue the work that follows (resume parked work, backfill).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Connector, ExternalAccount, Grant, Provider } from '../../connectors/types.ts';
import { audit } from '../auth/audit.ts';
import { enforcePlanLimit } from '../billing/limits.ts';
import { createBusinessIn } from '../businesses/service.ts';
import type { AppContext } from '../context.ts';
import { randomToken } from '../crypto/secrets.ts';
import type { Tx } from '../db/client.ts';
import type { Connection } from '../db/generated/client.ts';
import { badRequest, conflict, Problem } from '../http/problem.ts';
import { resumeWork } from '../sync/connection-state.ts';
import { sealGrant } from '../sync/grants.ts';
import { enqueueBackfill } from '../sync/outbox.ts';
import { issueSetupToken, setupUrl, SETUP_TTL_MS } from './setup-token.ts';

export const BACKFILL_DAYS = 30;

/** No password verifies against this (argon2 rejects it) until the owner chooses one from the set-up e-mail. */
export const UNSET_PASSWORD_PREFIX = '!unset:';

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

interface Target {
  businessId: string;
  createdAccount: boolean;
  createdBusiness: boolean;
}

const unverifiedMatch = (provider: string) =>
  new Problem(
    409,
    'account-unverified',
    'Leadline account not verified',
    `A Leadline account with this e-mail exists but its address is not verified. Log in to Leadline, verify the address, and connect ${provider} from there.`,
  );

/**
 * What an install creates before it attaches, in the same transaction as the connection: a business for an
 * account that has none, or (a marketplace install nobody matched) a new account owning a new business.
 */
export type Creates = { businessName: string } & ({ ownerAccountId: string } | { ownerEmail: string });

type Resolution =
  | { kind: 'create'; creates: Creates & { ownerEmail: string } }
  | { kind: 'confirm'; ownerId: string; email: string; businessId: string | null; businessName: string };

/**
 * Marketplace install (no Leadline session): after its owner confirms, the business that has (or had) this CRM
 * account connected, else a business owned by the verified account with the CRM owner's e-mail; else a new
 * account + business. Only the last attaches at once (nothing of anyone's is reached by it).
 *
 * Why confirmation and not an immediate attach: the e-mail is the CRM's claim (a CRM admin can set a user's
 * e-mail to anything), and attaching would start sending the business's last 30 days of leads to that CRM.
 * Requiring a Leadline log-in instead does not fit: this flow has no browser session (bearer tokens only), so
 * the grant would have to wait somewhere anyway. The e-mailed confirmation proves control of the account's
 * mailbox, which is what a password reset needs too.
 */
async function marketplaceTarget(ctx: AppContext, provider: Provider, account: ExternalAccount): Promise<Resolution> {
  const { db } = ctx;
  const existing = await db.connection.findFirst({
    where: { provider, externalAccountId: account.id },
    orderBy: { createdAt: 'asc' },
  });
  if (existing) {
    // Landing on a business that has (or had) this CRM account: its owner confirms, whatever the connection's
    // status. A disconnected connection was let go on purpose; reviving it would restart the sync of its leads.
    const owner = await db.membership.findFirst({
      where: { businessId: existing.businessId, role: 'owner', account: { emailVerifiedAt: { not: null } } },
      orderBy: { createdAt: 'asc' },
      include: { account: true, business: true },
    });
    if (!owner) throw unverifiedMatch(provider);
    return {
      kind: 'confirm',
      ownerId: owner.accountId,
      email: owner.account.email,
      businessId: existing.businessId,
      businessName: owner.business.name,
    };
  }
  const email = account.ownerEmail?.trim().toLowerCase();
  if (!email)
    throw badRequest(
      `${provider} did not tell us the installer's e-mail address, so no Leadline account can be matched or created. Install from inside Leadline instead.`,
    );
  const name = account.name?.trim() || `${provider} account ${account.id}`;
  const owner = await db.account.findUnique({
    where: { email },
    include: {
      memberships: {
        where: { role: 'owner' },
        orderBy: { createdAt: 'asc' },
        include: { business: { include: { connections: { where: { provider } } } } },
      },
    },
  });
  if (owner) {
    // An unverified account is anyone who typed that address at sign-up: never hand it a CRM.
    if (!owner.emailVerifiedAt) throw unverifiedMatch(provider);
    const first = owner.memberships[0]?.business;
    const other = first?.connections.find((c) => c.externalAccountId !== account.id && c.status !== 'disconnected');
    // An e-mail match must not silently move a business to a different CRM account.
    if (first && other)
      throw conflict(
        `${first.name} is already connected to another ${provider} account; sign in to Leadline and reconnect from there`,
      );
    return {
      kind: 'confirm',
      ownerId: owner.id,
      email: owner.email,
      businessId: first?.id ?? null,
      businessName: first?.name ?? name,
    };
  }
  return { kind: 'create', creates: { businessName: name, ownerEmail: email } };
}

/** The account and business an install creates (`Creates`), inside the install's transaction. */
async function createTarget(
  tx: Tx,
  c: Creates,
  provider: Provider,
): Promise<Target & { ownerAccountId: string | null }> {
  let ownerAccountId: string;
  if ('ownerEmail' in c) {
    const created = await tx.account.create({
      data: {
        email: c.ownerEmail,
        name: null,
        passwordHash: UNSET_PASSWORD_PREFIX + randomToken(16),
        emailVerifiedAt: null,
      },
    });
    ownerAccountId = created.id;
  } else ownerAccountId = c.ownerAccountId;
  // A new owner has not proven the e-mail yet: trial minutes wait for the set-up page (or a verification).
  const b = await createBusinessIn(tx, { name: c.businessName, ownerAccountId, selfService: true });
  if ('ownerEmail' in c)
    await audit(tx, {
      action: 'account.created_by_install',
      accountId: ownerAccountId,
      businessId: b.id,
      meta: { provider },
    });
  return { businessId: b.id, createdAccount: 'ownerEmail' in c, createdBusiness: true, ownerAccountId };
}

type InstallInput = {
  provider: Provider;
  connector: Connector;
  grant: Grant;
  account: ExternalAccount;
  businessId: string | null;
  accountId: string | null;
  ip?: string | undefined;
};

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

type Owner = Extract<Resolution, { kind: 'confirm' }>;

/**
 * An in-app install by an admin that would revive a connection its business disconnected, or move it to another
 * CRM account: the owner decides (an owner installing is that decision). A first connection is admin work.
 */
async function reattachNeedsOwner(ctx: AppContext, p: InstallInput & { businessId: string }): Promise<Owner | null> {
  const { db } = ctx;
  const role = p.accountId
    ? (
        await db.membership.findUnique({
          where: { accountId_businessId: { accountId: p.accountId, businessId: p.businessId } },
        })
      )?.role
    : null;
  if (role === 'owner') return null;
  const before = await db.connection.findUnique({
    where: { businessId_provider: { businessId: p.businessId, provider: p.provider } },
  });
  if (!before || (before.status !== 'disconnected' && before.externalAccountId === p.account.id)) return null;
  const owner = await db.membership.findFirst({
    where: { businessId: p.businessId, role: 'owner', account: { emailVerifiedAt: { not: null } } },
    orderBy: { createdAt: 'asc' },
    include: { account: true, business: true },
  });
  if (!owner) throw unverifiedMatch(p.provider);
  return {
    kind: 'confirm',
    ownerId: owner.accountId,
    email: owner.account.email,
    businessId: p.businessId,
    businessName: owner.business.name,
  };
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

/** installView() as the OpenAPI document states it. */
export const installOut = z.object({
  connection: z.object({
    id: z.string(),
    provider: z.string(),
    status: z.enum(['active', 'needs_reauth', 'disconnected']),
    externalAccountId: z.string(),
    externalName: z.string().nullable(),
    scopes: z.array(z.string()),
  }),
  business: z.object({ id: z.string(), name: z.string() }),
  createdAccount: z.boolean(),
  createdBusiness: z.boolean(),
  setupEmailedTo: z.string().nullable(),
  resumed: z.number().int(),
  backfilled: z.number().int(),
});
/** A marketplace install held for the matching account's owner (the callback's 202). */
export const pendingOut = z.object({
  status: z.literal('pending_confirmation'),
  provider: z.string(),
  confirmationEmailedTo: z.string(),
});

/** The JSON answer for an attached install. */
export function installView(r: InstallResult) {
  return {
    connection: {
      id: r.connection.id,
      provider: r.connection.provider,
      status: r.connection.status,
      externalAccountId: r.connection.externalAccountId,
      externalName: r.connection.externalName,
      scopes: r.connection.scopes,
    },
    business: r.business,
    createdAccount: r.createdAccount,
    createdBusiness: r.createdBusiness,
    setupEmailedTo: r.setupEmailedTo,
    resumed: r.resumed,
    backfilled: r.backfilled,
  };
}
