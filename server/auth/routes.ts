import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { badRequest, conflict, unauthorized } from '../http/problem.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { routeBuilder } from '../http/route.ts';
import { line } from '../http/text.ts';
import { grantTrialsOfOwner } from '../billing/trial.ts';
import { audit } from './audit.ts';
import { consumeCode, issueCode } from './codes.ts';
import { passwordRule } from './password-rule.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { requireAuth, userOf } from './principal.ts';
import { endSession, revokeAllSessions, rotateSession, startSession } from './sessions.ts';
import { ACCESS_TOKEN_SECONDS, signAccessToken } from './tokens.ts';

const email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
const password = passwordRule;
const code = z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the e-mail');

const tokensOut = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number(),
  tokenType: z.literal('Bearer'),
});
const accountOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.boolean(),
});

export function authRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db, config } = ctx;
  const strict = rateLimit(db, 'auth', config.AUTH_RATE_LIMIT_PER_MINUTE, 60);
  const route = routeBuilder(r, registry, { prefix: '/api/v1/auth', tag: 'auth', before: [strict] });
  const meRoute = routeBuilder(r, registry, { prefix: '/api/v1', tag: 'auth', auth: true, before: [requireAuth(ctx)] });
  const meta = (req: { ip?: string; headers: Record<string, unknown> }) => ({
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300) || undefined,
  });
  const tokens = async (accountId: string, refreshToken: string) => ({
    accessToken: await signAccessToken(config.jwtSecret, accountId),
    refreshToken,
    expiresIn: ACCESS_TOKEN_SECONDS,
    tokenType: 'Bearer' as const,
  });
  const sendVerification = async (accountId: string, to: string) => {
    const c = await issueCode(db, config.jwtSecret, accountId, 'verify_email');
    await ctx.mailer.send({
      to,
      subject: 'Your Leadline verification code',
      text: `Your verification code is ${c}. It expires in 15 minutes.`,
    });
  };

  route(
    {
      method: 'post',
      path: '/signup',
      summary: 'Create an account',
      status: 201,
      body: z.object({ email, password, name: line().trim().min(1).max(120).optional() }),
      response: tokensOut,
    },
    async ({ body, req }) => {
      const passwordHash = await hashPassword(body.password);
      const account = await db
        .$transaction(async (tx) => {
          const a = await tx.account.create({ data: { email: body.email, name: body.name ?? null, passwordHash } });
          await audit(tx, { action: 'account.signup', accountId: a.id, ip: req.ip });
          return a;
        })
        .catch((e: { code?: string }) => {
          if (e.code === 'P2002') throw conflict('An account with this e-mail already exists');
          throw e;
        });
      await sendVerification(account.id, account.email);
      return tokens(account.id, await startSession(db, account.id, meta(req)));
    },
  );

  route(
    {
      method: 'post',
      path: '/login',
      summary: 'Log in with e-mail and password',
      body: z.object({ email, password: z.string().min(1).max(200) }),
      response: tokensOut,
    },
    async ({ body, req }) => {
      const account = await db.account.findUnique({ where: { email: body.email } });
      const ok = await verifyPassword(account?.passwordHash ?? (await dummyHash()), body.password);
      if (!account || !ok) {
        await audit(db, {
          action: 'auth.login_failed',
          accountId: account?.id,
          ip: req.ip,
          meta: { email: body.email },
        });
        throw unauthorized('E-mail or password is wrong');
      }
      await audit(db, { action: 'auth.login', accountId: account.id, ip: req.ip });
      return tokens(account.id, await startSession(db, account.id, meta(req)));
    },
  );

  route(
    {
      method: 'post',
      path: '/refresh',
      summary: 'Rotate a refresh token',
      body: z.object({ refreshToken: z.string().min(10).max(200) }),
      response: tokensOut,
    },
    async ({ body, req }) => {
      const next = await rotateSession(db, body.refreshToken, meta(req));
      return tokens(next.accountId, next.refreshToken);
    },
  );

  route(
    {
      method: 'post',
      path: '/logout',
      summary: 'End the session a refresh token belongs to',
      body: z.object({ refreshToken: z.string().min(10).max(200) }),
    },
    async ({ body, req }) => {
      const accountId = await endSession(db, body.refreshToken);
      if (accountId) await audit(db, { action: 'auth.logout', accountId, ip: req.ip });
    },
  );

  route(
    {
      method: 'post',
      path: '/verify-email/request',
      summary: 'Send a new e-mail verification code',
      auth: true,
      before: [requireAuth(ctx), strict],
    },
    async ({ req }) => {
      const account = await db.account.findUniqueOrThrow({ where: { id: userOf(req) } });
      if (account.emailVerifiedAt) throw badRequest('E-mail is already verified');
      await sendVerification(account.id, account.email);
    },
  );

  route(
    {
      method: 'post',
      path: '/verify-email/confirm',
      summary: 'Confirm the e-mail with its code',
      auth: true,
      before: [requireAuth(ctx), strict],
      body: z.object({ code }),
    },
    async ({ body, req }) => {
      const accountId = userOf(req);
      if (!(await consumeCode(db, config.jwtSecret, accountId, 'verify_email', body.code)))
        throw badRequest('Code is wrong or expired');
      await db.$transaction([
        db.account.update({ where: { id: accountId }, data: { emailVerifiedAt: new Date() } }),
        db.auditLog.create({ data: { action: 'account.email_verified', accountId, ip: req.ip ?? null, meta: {} } }),
      ]);
      await grantTrialsOfOwner(db, accountId);
    },
  );

  route(
    {
      method: 'post',
      path: '/password-reset/request',
      summary: 'E-mail a password reset code',
      status: 202,
      body: z.object({ email }),
    },
    async ({ body, req }) => {
      const account = await db.account.findUnique({ where: { email: body.email } });
      // Same answer whether or not the account exists: no account enumeration.
      if (account) {
        const c = await issueCode(db, config.jwtSecret, account.id, 'reset_password');
        await ctx.mailer.send({
          to: account.email,
          subject: 'Reset your Leadline password',
          text: `Your password reset code is ${c}. It expires in 15 minutes. If you did not ask for it, ignore this e-mail.`,
        });
        await audit(db, { action: 'auth.password_reset_requested', accountId: account.id, ip: req.ip });
      }
      return { status: 'sent if the account exists' };
    },
  );

  route(
    {
      method: 'post',
      path: '/password-reset/confirm',
      summary: 'Set a new password with the reset code',
      body: z.object({ email, code, newPassword: password }),
    },
    async ({ body, req }) => {
      const account = await db.account.findUnique({ where: { email: body.email } });
      if (!account || !(await consumeCode(db, config.jwtSecret, account.id, 'reset_password', body.code)))
        throw badRequest('Code is wrong or expired');
      const passwordHash = await hashPassword(body.newPassword);
      // A reset means the old password may be known to someone else: every session ends, with the change.
      await db.$transaction([
        db.account.update({ where: { id: account.id }, data: { passwordHash } }),
        revokeAllSessions(db, account.id),
        db.auditLog.create({
          data: { action: 'auth.password_reset', accountId: account.id, ip: req.ip ?? null, meta: {} },
        }),
      ]);
    },
  );

  meRoute(
    {
      method: 'get',
      path: '/me',
      summary: 'The logged-in account and its businesses',
      response: accountOut.extend({
        businesses: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
      }),
    },
    async ({ req }) => {
      const account = await db.account.findUniqueOrThrow({
        where: { id: userOf(req) },
        include: { memberships: { include: { business: true } } },
      });
      return {
        id: account.id,
        email: account.email,
        name: account.name,
        emailVerified: Boolean(account.emailVerifiedAt),
        businesses: account.memberships.map((m) => ({ id: m.businessId, name: m.business.name, role: m.role })),
      };
    },
  );

  return r;
}
