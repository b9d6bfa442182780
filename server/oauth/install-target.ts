/**
 * Where an OAuth install lands: the business an in-app install names (and whether its owner must confirm it),
 * or for a marketplace install the business and account its CRM account or owner e-mail match, else a new
 * account and business created inside the install's transaction.
 */
import type { Connector, ExternalAccount, Grant, Provider } from '../../connectors/types.ts';
import { audit } from '../auth/audit.ts';
import { createBusinessIn } from '../businesses/service.ts';
import type { AppContext } from '../context.ts';
import { randomToken } from '../crypto/secrets.ts';
import type { Tx } from '../db/client.ts';
import { badRequest, conflict, Problem } from '../http/problem.ts';

/** No password verifies against this (argon2 rejects it) until the owner chooses one from the set-up e-mail. */
export const UNSET_PASSWORD_PREFIX = '!unset:';

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

export type Resolution =
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
export async function marketplaceTarget(
  ctx: AppContext,
  provider: Provider,
  account: ExternalAccount,
): Promise<Resolution> {
  const { db } = ctx;
  const existing = await db.connection.findFirst({
    where: { provider, externalAccountId: account.id },
    orderBy: { createdAt: 'asc' },
  });
  if (existing) {
    // Landing on a business that has (or had) this CRM account: its owner confirms, whatever the connection's
    // status. A disconnected connection was let go on purpose; reviving it would restart the sync of its leads.
    return ownerConfirms(ctx, existing.businessId, provider);
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
export async function createTarget(
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

/** What the OAuth callback hands over to attach (or hold) an install. */
export type InstallInput = {
  provider: Provider;
  connector: Connector;
  grant: Grant;
  account: ExternalAccount;
  businessId: string | null;
  accountId: string | null;
  ip?: string | undefined;
};

export type Owner = Extract<Resolution, { kind: 'confirm' }>;

/**
 * An in-app install by an admin that would revive a connection its business disconnected, or move it to another
 * CRM account: the owner decides (an owner installing is that decision). A first connection is admin work.
 */
export async function reattachNeedsOwner(
  ctx: AppContext,
  p: InstallInput & { businessId: string },
): Promise<Owner | null> {
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
  return ownerConfirms(ctx, p.businessId, p.provider);
}

/** The business's first owner with a verified e-mail decides; a business without one cannot be reached. */
async function ownerConfirms(ctx: AppContext, businessId: string, provider: Provider): Promise<Owner> {
  const owner = await ctx.db.membership.findFirst({
    where: { businessId, role: 'owner', account: { emailVerifiedAt: { not: null } } },
    orderBy: { createdAt: 'asc' },
    include: { account: true, business: true },
  });
  if (!owner) throw unverifiedMatch(provider);
  return {
    kind: 'confirm',
    ownerId: owner.accountId,
    email: owner.account.email,
    businessId,
    businessName: owner.business.name,
  };
}
