/**
 * Installs held for their owner's confirmation (marketplace installs matched to an existing account, and any
 * marketplace install landing on a business that already has, or had, that CRM account connected). The owner
 * confirms while logged in: through the API with their session, or on the e-mailed page by entering their
 * password (and second factor). Reaching the page alone proves the mailbox, not the account.
 */
import { afterCursor, pageOf, pageOrder, pageQuery, pageSchema } from '../http/pagination.ts';
import type { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { requireAuth, userOf } from '../auth/principal.ts';
import { unverified } from '../auth/verified.ts';
import type { AppContext } from '../context.ts';
import { decryptSecret } from '../crypto/secrets.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { conflict, notFound, Problem } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { requireConnector } from '../sync/registry.ts';
import { completeInstall, type InstallResult } from './install.ts';
import { installOut, installView } from './install-view.ts';
import {
  openSetupToken,
  type SetupPayload,
  type SetupToken,
  SETUP_ROW,
  spendSetupToken,
  unspendSetupToken,
} from './setup-token.ts';
import { oauthStateSlot, signSetupId } from './state.ts';

export type HeldInstall = SetupToken & { payload: Extract<SetupPayload, { kind: 'confirm' }> };

const usedProblem = () =>
  new Problem(
    400,
    'setup-link-used',
    'Link already used',
    'This link was already used to confirm or decline the install.',
  );

/** What must still hold when the owner confirms: a verified owner, and no other CRM account connected meanwhile. */
export async function checkConfirmable(ctx: AppContext, t: HeldInstall): Promise<void> {
  const account = await ctx.db.account.findUniqueOrThrow({ where: { id: t.accountId } });
  if (!account.emailVerifiedAt) throw unverified();
  if (!t.businessId) return;
  const m = await ctx.db.membership.findUnique({
    where: { accountId_businessId: { accountId: t.accountId, businessId: t.businessId } },
  });
  if (m?.role !== 'owner') throw notFound('Business');
  const other = await ctx.db.connection.findFirst({
    where: {
      businessId: t.businessId,
      provider: t.provider,
      status: { not: 'disconnected' },
      externalAccountId: { not: t.payload.account.id },
    },
  });
  if (other)
    throw conflict(
      `${t.payload.businessName} is already connected to another ${t.provider} account; sign in to Leadline and reconnect from there`,
    );
}

/** Attaches a held install (once: the token is spent first, and given back if nothing was attached). */
export async function confirmHeld(ctx: AppContext, t: HeldInstall, ip: string | undefined): Promise<InstallResult> {
  const connector = requireConnector(ctx, t.provider);
  await checkConfirmable(ctx, t);
  if (!(await spendSetupToken(ctx.db, t.row.id))) throw usedProblem();
  try {
    // An owner without a business gets one in the same transaction as the connection.
    return await completeInstall(
      ctx,
      {
        provider: t.provider,
        connector,
        grant: t.payload.grant,
        account: t.payload.account,
        businessId: t.businessId,
        accountId: t.accountId,
        ip,
        marketplace: true,
      },
      t.businessId ? undefined : { businessName: t.payload.businessName, ownerAccountId: t.accountId },
    );
  } catch (err) {
    // Nothing attached and nothing created: the owner may try again.
    await unspendSetupToken(ctx.db, t.row.id);
    throw err;
  }
}

/** Gives the grant back at the provider and attaches nothing. */
export async function declineHeld(ctx: AppContext, t: HeldInstall, ip: string | undefined): Promise<void> {
  const connector = requireConnector(ctx, t.provider);
  await ctx.db.$transaction(async (tx) => {
    if (!(await spendSetupToken(tx, t.row.id))) throw usedProblem();
    await audit(tx, {
      action: 'connection.install_declined',
      accountId: t.accountId,
      businessId: t.businessId,
      meta: { provider: t.provider, externalAccountId: t.payload.account.id },
      ip,
    });
  });
  // Best effort: the grant is ours to give back; it is not stored anywhere else.
  await connector.oauth
    .revoke(t.payload.grant)
    .catch((err) => ctx.log.warn({ err, provider: t.provider }, 'revoking a declined install failed'));
}

const pendingInstallPage = pageSchema(
  z.object({
    id: z.string(),
    provider: z.string(),
    externalAccountId: z.string(),
    externalName: z.string().nullable(),
    businessId: z.string().nullable(),
    businessName: z.string(),
    expiresAt: z.string(),
  }),
);

/** The logged-in owner's side: list held installs, confirm or decline one. */
export function heldInstallRoutes(ctx: AppContext, r: Router, registry: OpenApiRegistry): void {
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, {
    prefix: '/api/v1/pending-installs',
    tag: 'connections',
    auth: true,
    before: [requireAuth(ctx)],
  });

  /** The account's own held install by row id (another account's is 404). */
  async function mine(accountId: string, id: string): Promise<HeldInstall> {
    const t = await openSetupToken(ctx, signSetupId(config.jwtSecret, id));
    if (t.accountId !== accountId || t.payload.kind !== 'confirm') throw notFound('Pending install');
    return { ...t, payload: t.payload };
  }

  route(
    {
      method: 'get',
      path: '',
      summary: 'Installs waiting for your confirmation',
      response: pendingInstallPage,
      query: pageQuery,
    },
    async ({ query, req }) => {
      const accountId = userOf(req);
      const rows = await db.oAuthState.findMany({
        where: {
          accountId,
          redirectUri: SETUP_ROW,
          usedAt: null,
          expiresAt: { gt: new Date() },
          ...afterCursor(query.cursor, 'asc'),
        },
        orderBy: pageOrder('asc'),
        take: query.limit + 1,
      });
      // The cursor follows the rows read; a page holds only the rows that are confirmations.
      const { next } = pageOf(rows, query.limit);
      const items = rows.slice(0, query.limit).flatMap((row) => {
        const p = JSON.parse(decryptSecret(config, row.codeVerifierEnc, oauthStateSlot(row.id))) as SetupPayload;
        if (p.kind !== 'confirm') return [];
        return [
          {
            id: row.id,
            provider: row.provider,
            externalAccountId: p.account.id,
            externalName: p.account.name,
            businessId: row.businessId,
            businessName: p.businessName,
            expiresAt: row.expiresAt.toISOString(),
          },
        ];
      });
      return { items, next };
    },
  );

  const byId = z.object({ id: z.uuid() });
  route(
    {
      method: 'post',
      path: '/:id/confirm',
      summary: 'Connect it (and send it the last 30 days of leads)',
      response: installOut,
      params: byId,
    },
    async ({ params, req }) => installView(await confirmHeld(ctx, await mine(userOf(req), params.id), req.ip)),
  );
  route(
    {
      method: 'post',
      path: '/:id/decline',
      summary: 'Give the grant back; nothing is connected',
      status: 204,
      params: byId,
    },
    async ({ params, req }) => declineHeld(ctx, await mine(userOf(req), params.id), req.ip),
  );
}
