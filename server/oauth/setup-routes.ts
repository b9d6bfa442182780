/**
 * GET/POST /setup?token=…: where the e-mail sent after a marketplace install leads (setup-token.ts).
 * - 'password': a new account chooses its first password (the page shows what was connected).
 * - 'confirm': an existing account's owner confirms the held install with their password (only then is it
 *   attached and the backfill queued) or declines it (the grant is revoked at the provider); held-installs.ts.
 * HTML for browsers; a client asking for JSON gets problems as problem+json instead of error pages.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { passwordRule } from '../auth/password-rule.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { checkSecondFactor } from '../auth/two-factor.ts';
import { grantTrialsOfOwner } from '../billing/trial.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { notFound, Problem, unauthorized, validationProblem } from '../http/problem.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { routeBuilder } from '../http/route.ts';
import { findConnector, requireConnector } from '../sync/registry.ts';
import { checkConfirmable, confirmHeld, declineHeld } from './held-installs.ts';
import { UNSET_PASSWORD_PREFIX } from './install-target.ts';
import { asPage, formBody, wantsHtml } from './page.ts';
import {
  confirmedPage,
  confirmPage,
  declinedPage,
  passwordPage,
  passwordSetPage,
  type ConnectedItem,
} from './setup-page.ts';
import { openSetupToken, spendSetupToken, type SetupToken } from './setup-token.ts';

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

  route(
    {
      method: 'get',
      path: '/setup',
      summary: 'The set-up page an e-mailed marketplace-install link opens (HTML)',
      responseType: 'text/html',
      query: z.object({ token: tokenField }),
    },
    async ({ query, req, res }) =>
      asPage(req, res, async () => {
        const t = await openSetupToken(ctx, query.token);
        if (t.payload.kind === 'confirm') {
          await checkConfirmable(ctx, { ...t, payload: t.payload });
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
      responseType: 'text/html',
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
            // Choosing a password from the e-mailed link proves the address: the trial minutes are due now.
            await grantTrialsOfOwner(tx, t.accountId);
            await audit(tx, {
              action: 'account.setup_completed',
              accountId: t.accountId,
              businessId: t.businessId,
              ip: req.ip,
            });
          });
          return passwordSetPage({ email: v.account.email, businessName: v.businessName, connected: v.connected });
        }

        if (body.action !== 'confirm' && body.action !== 'decline') throw wrongForm();
        const held = { ...t, payload: t.payload };
        const connector = requireConnector(ctx, t.provider);
        if (body.action === 'decline') {
          await declineHeld(ctx, held, req.ip);
          return declinedPage(connector.displayName);
        }
        // Confirming is a log-in: the mailbox got us here, the password (and second factor) prove the account.
        const login = z
          .object({ password: z.string().min(1).max(200), secondFactor: z.string().trim().max(20).optional() })
          .safeParse(req.body);
        const account = await db.account.findUniqueOrThrow({ where: { id: t.accountId } });
        const loggedIn =
          login.success &&
          (await verifyPassword(account.passwordHash, login.data.password)) &&
          (!account.totpEnabledAt ||
            Boolean(
              login.data.secondFactor && (await checkSecondFactor(db, ctx.config, account, login.data.secondFactor)),
            ));
        if (!loggedIn) {
          await audit(db, { action: 'connection.confirm_login_failed', accountId: t.accountId, ip: req.ip });
          throw unauthorized(
            'Enter the password of your Leadline account (and your authenticator code if two-factor is on) to confirm',
          );
        }
        const result = await confirmHeld(ctx, held, req.ip);
        return confirmedPage(connector.displayName, result);
      }),
  );
}
