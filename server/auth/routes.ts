import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { conflict, unauthorized } from '../http/problem.ts';
import { hit, rateLimit } from '../http/rate-limit.ts';
import { tooManyRequests } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { line } from '../http/text.ts';
import { audit } from './audit.ts';
import { emailRoutes, sendVerification as sendVerificationMail } from './email-routes.ts';
import { passwordRule } from './password-rule.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { requireAuth, userOf } from './principal.ts';
import { endSession, rotateSession, startSession } from './sessions.ts';
import { ACCESS_TOKEN_SECONDS, CHALLENGE_SECONDS, signAccessToken, signChallenge, verifyChallenge } from './tokens.ts';
import { checkSecondFactor } from './two-factor.ts';
import { twoFactorRoutes } from './two-factor-routes.ts';

/** Wrong passwords per e-mail address per 15 minutes, from anywhere: per-IP limits do not stop a botnet. */
const LOGIN_FAILURES_PER_ACCOUNT = 20;

const email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
const password = passwordRule;

const tokensOut = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number(),
  tokenType: z.literal('Bearer'),
});
/**
 * In the console's cookie mode (`x-leadline-session: cookie`) the refresh token goes into an HttpOnly
 * cookie instead of the body, and the body carries the CSRF token the console echoes (console/session-routes.ts).
 */
const cookieTokensOut = tokensOut.omit({ refreshToken: true }).extend({ csrfToken: z.string() });
const sessionTokensOut = z.union([tokensOut, cookieTokensOut]);
const sessionMode = z.object({ 'x-leadline-session': z.literal('cookie').optional() });
const challengeOut = z.object({
  twoFactorRequired: z.literal(true),
  challenge: z.string(),
  expiresIn: z.number(),
});
const accountOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  emailVerified: z.boolean(),
  twoFactorEnabled: z.boolean(),
});

export function authRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db, config } = ctx;
  const strict = rateLimit(db, 'auth', config.AUTH_RATE_LIMIT_PER_MINUTE, 60);
  const route = routeBuilder(r, registry, { prefix: '/api/v1/auth', tag: 'auth', before: [strict], db: ctx.db });
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
  const sendVerification = sendVerificationMail(ctx);

  route(
    {
      method: 'post',
      path: '/signup',
      summary: 'Create an account',
      status: 201,
      body: z.object({ email, password, name: line().trim().min(1).max(120).optional() }),
      response: sessionTokensOut,
      headers: sessionMode,
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
      summary: 'Log in with e-mail and password (accounts with two-factor get a challenge for /login/two-factor)',
      body: z.object({ email, password: z.string().min(1).max(200) }),
      response: z.union([tokensOut, cookieTokensOut, challengeOut]),
      headers: sessionMode,
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
        // Counted for unknown addresses too, so the 429 does not tell which exist.
        const failures = await hit(db, `login-failed:${body.email}`, 900);
        if (failures.count > LOGIN_FAILURES_PER_ACCOUNT) throw tooManyRequests(failures.resetIn);
        throw unauthorized('E-mail or password is wrong');
      }
      if (account.totpEnabledAt) {
        await audit(db, { action: 'auth.login_password_ok', accountId: account.id, ip: req.ip });
        return {
          twoFactorRequired: true as const,
          challenge: await signChallenge(config.jwtSecret, account.id),
          expiresIn: CHALLENGE_SECONDS,
        };
      }
      await audit(db, { action: 'auth.login', accountId: account.id, ip: req.ip });
      return tokens(account.id, await startSession(db, account.id, meta(req)));
    },
  );

  route(
    {
      method: 'post',
      path: '/login/two-factor',
      summary: "Finish a log-in with the password step's challenge and a TOTP or recovery code (attempts are limited)",
      body: z.object({ challenge: z.string().min(10).max(2000), code: z.string().trim().min(6).max(20) }),
      response: sessionTokensOut,
      headers: sessionMode,
    },
    async ({ body, req }) => {
      const accountId = await verifyChallenge(config.jwtSecret, body.challenge);
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      if (!account.totpEnabledAt) throw unauthorized('Two-factor is not on for this account; log in again');
      if (!(await checkSecondFactor(db, config, account, body.code))) {
        await audit(db, { action: 'auth.two_factor_failed', accountId, ip: req.ip });
        throw unauthorized('The code is wrong or was already used');
      }
      await audit(db, { action: 'auth.login', accountId, ip: req.ip, meta: { twoFactor: true } });
      return tokens(accountId, await startSession(db, accountId, meta(req)));
    },
  );

  route(
    {
      method: 'post',
      path: '/refresh',
      summary: 'Rotate a refresh token',
      body: z.object({ refreshToken: z.string().min(10).max(200) }),
      response: sessionTokensOut,
      headers: sessionMode,
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
      status: 204,
      body: z.object({ refreshToken: z.string().min(10).max(200) }),
    },
    async ({ body, req }) => {
      const accountId = await endSession(db, body.refreshToken);
      if (accountId) await audit(db, { action: 'auth.logout', accountId, ip: req.ip });
    },
  );

  emailRoutes(ctx, r, registry, strict);
  twoFactorRoutes(ctx, r, registry);

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
        twoFactorEnabled: Boolean(account.totpEnabledAt),
        businesses: account.memberships.map((m) => ({ id: m.businessId, name: m.business.name, role: m.role })),
      };
    },
  );

  return r;
}
