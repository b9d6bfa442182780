/**
 * GET/POST /setup?token=…: where the e-mail sent after a marketplace install leads (setup-token.ts).
 * - 'password': a new account chooses its first password (the page shows what was connected).
 * - 'confirm': an existing account's owner confirms the held install (only then is it attached and the backfill
 *   queued) or declines it (the grant is revoked at the provider).
 * HTML for browsers; a client asking for JSON gets problems as problem+json instead of error pages.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { passwordRule } from '../auth/password-rule.ts';
import { hashPassword } from '../auth/passwords.ts';
import { grantTrialsOfOwner } from '../billing/trial.ts';
import { createBusiness } from '../businesses/service.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { conflict, notFound, Problem, validationProblem } from '../http/problem.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { routeBuilder } from '../http/route.ts';
import { findConnector, requireConnector } from '../sync/registry.ts';
import { completeInstall, type InstallResult, UNSET_PASSWORD_PREFIX } from './install.ts';
import { asPage, formBody, wantsHtml } from './page.ts';
import {
  confirmedPage,
  confirmPage,
  declinedPage,
  passwordPage,
  passwordSetPage,
  type ConnectedItem,
} from './setup-page.ts';
import { openSetupToken, spendSetupToken, unspendSetupToken, type SetupToken } from './setup-token.ts';

const tokenField = z.string().min(10).max(200);
const passwordBody = z
  .object({ password: passwordRule, passwordAgain: z.string().max(200) })
  .refine((b) => b.password === b.passwordAgain, { path: ['passwordAgain'], message: 'must repeat the password' });
const usedProblem = () =>
  new Problem(400, 'setup-link-used', 'Link already used', 'This set-up link was already used.');

export function setupRoutes(ctx: AppContext, r: Router, registry: OpenApiRegistry): void {
  const { db } = ctx;
  const strict = rateLimit(db, 'setup', ctx.config.AUTH_RATE_LIMIT_PER_MINUTE, 60);
  const route = routeBuilder(r, registry, { prefix: '', tag: 'setup', before: [strict] });

  const displayName = (provider: string) => findConnector(ctx, provider)?.displayName ?? provider;

  async function accountView(t: SetupToken) {
    const account = await db.account.findUniqueOrThrow({ where: { id: t.accountId } });
    const business = t.businessId
      ? await db.business.findUnique({
          where: { id: t.businessId },
          include: { connections: { orderBy: { createdAt: 'asc' } } },
        })
      : null;
    if (!business) throw notFound('Business');
    const connected: ConnectedItem[] = business.connections.map((c) => ({
      provider: displayName(c.provider),
      externalName: c.externalName,
      status: c.status,
    }));
    return { account, businessName: business.name, connected };
  }

  /** What must still hold when the owner confirms: still the owner, and no other CRM account connected meanwhile. */
  async function checkConfirmable(t: SetupToken & { payload: { kind: 'confirm' } }) {
    if (!t.businessId) return;
    const m = await db.membership.findUnique({
      where: { accountId_businessId: { accountId: t.accountId, businessId: t.businessId } },
    });
    if (m?.role !== 'owner') throw notFound('Business');
    const other = await db.connection.findFirst({
      where: {
        businessId: t.businessId,
        provider: t.provider,
        status: { not: 'disconnected' },
        externalAccountId: { not: t.payload.account.id },
      },
    });
    if (other)
      throw conflict(
        `${t.payload.businessName} is already connected to another ${displayName(t.provider)} account; sign in to Leadline and reconnect from there`,
      );
  }

  route(
    {
      method: 'get',
      path: '/setup',
      summary: 'The set-up page an e-mailed marketplace-install link opens (HTML)',
      query: z.object({ token: tokenField }),
    },
    async ({ query, req, res }) =>
      asPage(req, res, async () => {
        const t = await openSetupToken(ctx, query.token);
        if (t.payload.kind === 'confirm') {
          await checkConfirmable({ ...t, payload: t.payload });
          const { account } = t.payload;
          return confirmPage({
            token: query.token,
            provider: displayName(t.provider),
            externalName: account.name,
            externalId: account.id,
            businessName: t.payload.businessName,
            newBusiness: !t.businessId,
          });
        }
        const v = await accountView(t);
        if (!v.account.passwordHash.startsWith(UNSET_PASSWORD_PREFIX)) throw usedProblem();
        return passwordPage({
          token: query.token,
          email: v.account.email,
          businessName: v.businessName,
          connected: v.connected,
        });
      }),
  );

  route(
    {
      method: 'post',
      path: '/setup',
      summary: "The set-up page's form: set the first password, or confirm / decline a held install (spends the token)",
      body: z.object({ token: tokenField, action: z.enum(['password', 'confirm', 'decline']) }).loose(),
      before: [formBody, strict],
    },
    async ({ body, req, res }) =>
      asPage(req, res, async () => {
        const t = await openSetupToken(ctx, body.token);
        const wrongForm = () =>
          new Problem(
            400,
            'setup-link-invalid',
            'Link not valid',
            'This form does not belong to this set-up link; open the link from the e-mail again.',
          );

        if (t.payload.kind === 'password') {
          if (body.action !== 'password') throw wrongForm();
          const v = await accountView(t);
          const parsed = passwordBody.safeParse(req.body);
          if (!parsed.success) {
            const problem = validationProblem(parsed.error);
            if (!wantsHtml(req)) throw problem;
            return passwordPage({
              token: body.token,
              email: v.account.email,
              businessName: v.businessName,
              connected: v.connected,
              errors: problem.message.split('; '),
            });
          }
          const passwordHash = await hashPassword(parsed.data.password);
          await db.$transaction(async (tx) => {
            if (!(await spendSetupToken(tx, t.row.id))) throw usedProblem();
            // Only a first password: once one exists (chosen here or by a reset) this link cannot replace it.
            const { count } = await tx.account.updateMany({
              where: { id: t.accountId, passwordHash: { startsWith: UNSET_PASSWORD_PREFIX } },
              data: { passwordHash, emailVerifiedAt: new Date() },
            });
            if (count !== 1) throw usedProblem();
          });
          // Choosing a password from the e-mailed link proves the address: the trial minutes are due now.
          await grantTrialsOfOwner(db, t.accountId);
          await audit(db, {
            action: 'account.setup_completed',
            accountId: t.accountId,
            businessId: t.businessId,
            ip: req.ip,
          });
          return passwordSetPage({ email: v.account.email, businessName: v.businessName, connected: v.connected });
        }

        if (body.action !== 'confirm' && body.action !== 'decline') throw wrongForm();
        const held = { ...t, payload: t.payload };
        const connector = requireConnector(ctx, t.provider);
        if (body.action === 'decline') {
          if (!(await spendSetupToken(db, t.row.id))) throw usedProblem();
          // Best effort: the grant is ours to give back; it is not stored anywhere else.
          await connector.oauth
            .revoke(held.payload.grant)
            .catch((err) => ctx.log.warn({ err, provider: t.provider }, 'revoking a declined install failed'));
          await audit(db, {
            action: 'connection.install_declined',
            accountId: t.accountId,
            businessId: t.businessId,
            meta: { provider: t.provider, externalAccountId: held.payload.account.id },
            ip: req.ip,
          });
          return declinedPage(connector.displayName);
        }
        await checkConfirmable(held);
        if (!(await spendSetupToken(db, t.row.id))) throw usedProblem();
        let businessId = t.businessId;
        let result: InstallResult;
        try {
          businessId ??= (
            await createBusiness(db, {
              name: held.payload.businessName,
              ownerAccountId: t.accountId,
              selfService: true,
            })
          ).id;
          result = await completeInstall(ctx, {
            provider: t.provider,
            connector,
            grant: held.payload.grant,
            account: held.payload.account,
            businessId,
            accountId: t.accountId,
            ip: req.ip,
            marketplace: true,
          });
        } catch (err) {
          // Nothing attached: the owner may try the link again (unless a new business was made, which a retry would repeat).
          if (t.businessId) await unspendSetupToken(db, t.row.id);
          throw err;
        }
        return confirmedPage(connector.displayName, result);
      }),
  );
}
