/**
 * What the e-mails of an account carry: verification and password reset. Each mail has a 6-digit code (typed
 * into an app; attempts counted atomically, budgets per account) and a long single-use link (256 bits, not
 * guessable). A link opens a page with a button, never an action on GET: mail scanners open links.
 */
import type { Request, RequestHandler, Router } from 'express';
import { z } from 'zod';
import { grantTrialsOfOwner } from '../billing/trial.ts';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/client.ts';
import { asPage, esc, formBody, type Page, postForm, wantsHtml } from '../http/page.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { badRequest, Problem, unauthorized, validationProblem } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { audit } from './audit.ts';
import { consumeCode, consumeLink, issueCode } from './codes.ts';
import { passwordRule } from './password-rule.ts';
import { hashPassword } from './passwords.ts';
import { requireAuth, userOf } from './principal.ts';
import { checkSecondFactor } from './two-factor.ts';

const email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
const code = z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the e-mail');
const linkToken = z.string().regex(/^[\w-]{40,60}$/, 'must be the token from the e-mailed link');
const secondFactor = z.string().trim().min(6).max(20).optional();
const wrongCode = () => badRequest('Code is wrong or expired');
const deadLink = () =>
  new Problem(400, 'link-invalid', 'Link not valid', 'This link is wrong, expired or already used; ask for a new one.');

export function sendVerification(ctx: AppContext) {
  return async (accountId: string, to: string) => {
    const c = await issueCode(ctx.db, ctx.config.jwtSecret, accountId, 'verify_email');
    await ctx.mailer.send({
      to,
      subject: 'Your Leadline verification code',
      text:
        `Your verification code is ${c.code}. Or open this link to verify: ` +
        `${ctx.config.PUBLIC_BASE_URL}/verify-email?token=${c.linkToken}\nBoth expire in 15 minutes and work once.`,
    });
  };
}

/** After a reset: who can act on each business, so an owner sees a member an intruder may have added. */
async function membersView(db: Db, accountId: string) {
  const own = await db.membership.findMany({ where: { accountId }, include: { business: true } });
  return Promise.all(
    own.map(async (m) => ({
      id: m.businessId,
      name: m.business.name,
      role: m.role,
      members: (
        await db.membership.findMany({
          where: { businessId: m.businessId },
          include: { account: { select: { email: true, name: true } } },
          orderBy: { createdAt: 'asc' },
        })
      ).map((x) => ({ email: x.account.email, name: x.account.name, role: x.role })),
    })),
  );
}

export function emailRoutes(ctx: AppContext, r: Router, registry: OpenApiRegistry, strict: RequestHandler): void {
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, { prefix: '/api/v1/auth', tag: 'auth', before: [strict] });
  const pages = routeBuilder(r, registry, { prefix: '', tag: 'auth', before: [strict] });
  const verifyMail = sendVerification(ctx);

  async function markVerified(accountId: string, ip: string | undefined) {
    await db.account.update({ where: { id: accountId }, data: { emailVerifiedAt: new Date() } });
    await audit(db, { action: 'account.email_verified', accountId, ip });
    await grantTrialsOfOwner(db, accountId);
  }

  route(
    {
      method: 'post',
      path: '/verify-email/request',
      summary: 'Send a new e-mail verification code and link',
      status: 204,
      auth: true,
      before: [requireAuth(ctx), strict],
    },
    async ({ req }) => {
      const account = await db.account.findUniqueOrThrow({ where: { id: userOf(req) } });
      if (account.emailVerifiedAt) throw badRequest('E-mail is already verified');
      await verifyMail(account.id, account.email);
    },
  );

  route(
    {
      method: 'post',
      path: '/verify-email/confirm',
      summary: 'Confirm the e-mail with its code',
      status: 204,
      auth: true,
      before: [requireAuth(ctx), strict],
      body: z.object({ code }),
    },
    async ({ body, req }) => {
      const accountId = userOf(req);
      if (!(await consumeCode(db, config.jwtSecret, accountId, 'verify_email', body.code))) throw wrongCode();
      await markVerified(accountId, req.ip);
    },
  );

  const verifyLink = async (token: string, req: Request) => {
    const accountId = await consumeLink(db, 'verify_email', token);
    if (!accountId) throw deadLink();
    await markVerified(accountId, req.ip);
  };

  route(
    {
      method: 'post',
      path: '/verify-email/link',
      summary: "Confirm the e-mail with the link's token (no log-in needed: the token proves the mailbox)",
      status: 204,
      body: z.object({ token: linkToken }),
    },
    async ({ body, req }) => verifyLink(body.token, req),
  );

  pages(
    {
      method: 'get',
      path: '/verify-email',
      summary: 'The page an e-mailed verification link opens (HTML, a button)',
      responseType: 'text/html',
      query: z.object({ token: linkToken }),
    },
    async ({ query, req, res }) =>
      asPage(req, res, async () => ({
        title: 'Verify your e-mail',
        body:
          '<h1>Verify your e-mail</h1><p>Confirm that this address belongs to your Leadline account.</p>' +
          postForm('/verify-email', { token: query.token }, 'Verify'),
      })),
  );

  pages(
    {
      method: 'post',
      path: '/verify-email',
      summary: "The verification page's form (spends the link)",
      responseType: 'text/html',
      body: z.object({ token: linkToken }),
      before: [formBody, strict],
    },
    async ({ body, req, res }) =>
      asPage(req, res, async () => {
        await verifyLink(body.token, req);
        return { title: 'E-mail verified', body: '<h1>E-mail verified</h1><p>You can close this window.</p>' };
      }),
  );

  route(
    {
      method: 'post',
      path: '/password-reset/request',
      summary: 'E-mail a password reset code and link',
      response: z.object({ status: z.literal('sent if the account exists') }),
      status: 202,
      body: z.object({ email }),
    },
    async ({ body, req }) => {
      const account = await db.account.findUnique({ where: { email: body.email } });
      // Same answer whether or not the account exists, and whether or not its mail budget is spent.
      if (account) {
        const c = await issueCode(db, config.jwtSecret, account.id, 'reset_password').catch((e: unknown) => {
          if (e instanceof Problem && e.status === 429) return null;
          throw e;
        });
        if (c) {
          await ctx.mailer.send({
            to: account.email,
            subject: 'Reset your Leadline password',
            text:
              `Your password reset code is ${c.code}. Or choose a new password here: ` +
              `${config.PUBLIC_BASE_URL}/reset-password?token=${c.linkToken}\n` +
              'Both expire in 15 minutes and work once. If you did not ask for it, ignore this e-mail.',
          });
          await audit(db, { action: 'auth.password_reset_requested', accountId: account.id, ip: req.ip });
        }
      }
      return { status: 'sent if the account exists' };
    },
  );

  /**
   * The reset itself, once the code or link proved the mailbox: a second factor if the account has one, then
   * the new password; every session ends and the account's API keys are revoked (whoever knew the old password
   * may have minted some), and the answer lists each business's members to check for intruders.
   */
  async function reset(accountId: string, newPassword: string, factor: string | undefined, ip: string | undefined) {
    const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
    if (account.totpEnabledAt && !(factor && (await checkSecondFactor(db, config, account, factor))))
      throw unauthorized('This account has two-factor authentication: send `secondFactor` (a TOTP or recovery code)');
    const passwordHash = await hashPassword(newPassword);
    const revoked = await db.$transaction(async (tx) => {
      await tx.account.update({ where: { id: accountId }, data: { passwordHash } });
      await tx.session.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: new Date() } });
      return (
        await tx.apiKey.updateMany({
          where: { createdById: accountId, revokedAt: null },
          data: { revokedAt: new Date() },
        })
      ).count;
    });
    await audit(db, { action: 'auth.password_reset', accountId, ip, meta: { revokedApiKeys: revoked } });
    return { revokedApiKeys: revoked, businesses: await membersView(db, accountId) };
  }

  const resetOut = z.object({
    revokedApiKeys: z.number(),
    businesses: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.string(),
        members: z.array(z.object({ email: z.string(), name: z.string().nullable(), role: z.string() })),
      }),
    ),
  });

  route(
    {
      method: 'post',
      path: '/password-reset/confirm',
      summary:
        "Set a new password with the reset code (email + code) or the link's token; ends every session, revokes your API keys, lists members",
      body: z.union([
        z.object({ email, code, newPassword: passwordRule, secondFactor }),
        z.object({ token: linkToken, newPassword: passwordRule, secondFactor }),
      ]),
      response: resetOut,
    },
    async ({ body, req }) => {
      let accountId: string | null;
      if ('token' in body) accountId = await consumeLink(db, 'reset_password', body.token);
      else {
        const account = await db.account.findUnique({ where: { email: body.email } });
        accountId =
          account && (await consumeCode(db, config.jwtSecret, account.id, 'reset_password', body.code))
            ? account.id
            : null;
      }
      if (!accountId) throw wrongCode();
      return reset(accountId, body.newPassword, body.secondFactor, req.ip);
    },
  );

  const resetForm = (token: string, errors: string[] = []): Page => ({
    status: errors.length ? 422 : 200,
    title: 'Choose a new password',
    body:
      `<h1>Choose a new password</h1>${errors.length ? `<ul class="error">${errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : ''}` +
      `<form method="post" action="/reset-password"><input type="hidden" name="token" value="${esc(token)}">` +
      `<label for="newPassword">New password (at least 10 characters)</label>` +
      `<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" minlength="10" maxlength="200" required>` +
      `<label for="secondFactor">Authenticator or recovery code (only if two-factor is on)</label>` +
      `<input id="secondFactor" name="secondFactor" autocomplete="one-time-code" maxlength="20">` +
      `<button type="submit">Set password</button></form>`,
  });

  pages(
    {
      method: 'get',
      path: '/reset-password',
      summary: 'The page an e-mailed reset link opens (HTML form)',
      responseType: 'text/html',
      query: z.object({ token: linkToken }),
    },
    async ({ query, req, res }) => asPage(req, res, async () => resetForm(query.token)),
  );

  pages(
    {
      method: 'post',
      path: '/reset-password',
      summary: "The reset page's form (spends the link)",
      responseType: 'text/html',
      body: z.object({ token: linkToken }).loose(),
      before: [formBody, strict],
    },
    async ({ body, req, res }) =>
      asPage(req, res, async () => {
        const parsed = z
          .object({ newPassword: passwordRule, secondFactor: z.string().trim().max(20).optional() })
          .safeParse(req.body);
        if (!parsed.success) {
          const problem = validationProblem(parsed.error);
          if (!wantsHtml(req)) throw problem;
          return resetForm(body.token, problem.message.split('; '));
        }
        const accountId = await consumeLink(db, 'reset_password', body.token);
        if (!accountId) throw deadLink();
        const done = await reset(accountId, parsed.data.newPassword, parsed.data.secondFactor || undefined, req.ip);
        const list = done.businesses
          .map(
            (b) =>
              `<h2>${esc(b.name)}</h2><ul>${b.members.map((m) => `<li>${esc(m.email)}: ${esc(m.role)}</li>`).join('')}</ul>`,
          )
          .join('');
        return {
          title: 'Password changed',
          body:
            `<h1>Password changed</h1><p>Every session was logged out and ${done.revokedApiKeys} API key(s) you created were revoked.</p>` +
            `${list ? `<p>Check who can act on your businesses:</p>${list}` : ''}`,
        };
      }),
  );
}
