/** Turning TOTP two-factor on and off for the logged-in account, and renewing recovery codes. */
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { badRequest, conflict, unauthorized } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { audit } from './audit.ts';
import { verifyPassword } from './passwords.ts';
import { requireAuth, userOf } from './principal.ts';
import { checkSecondFactor, checkTotp, newTotp, replaceRecoveryCodes } from './two-factor.ts';
import { unverified } from './verified.ts';

const totpCode = z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app');

export function twoFactorRoutes(ctx: AppContext, r: Router, registry: OpenApiRegistry): void {
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, {
    prefix: '/api/v1/me/two-factor',
    tag: 'auth',
    auth: true,
    before: [requireAuth(ctx)],
  });
  const me = (req: Parameters<typeof userOf>[0]) => db.account.findUniqueOrThrow({ where: { id: userOf(req) } });

  route(
    {
      method: 'post',
      path: '',
      summary: 'Start enrolment: a new TOTP secret for the authenticator app (not active until verified)',
      response: z.object({ secret: z.string(), otpauthUrl: z.string() }),
    },
    async ({ req }) => {
      const account = await me(req);
      if (!account.emailVerifiedAt) throw unverified();
      if (account.totpEnabledAt) throw conflict('Two-factor is already on; turn it off first to enrol a new app');
      const t = newTotp(config, account);
      await db.account.update({ where: { id: account.id }, data: { totpSecretEnc: t.sealed } });
      return { secret: t.secret, otpauthUrl: t.otpauthUrl };
    },
  );

  route(
    {
      method: 'post',
      path: '/verify',
      summary: 'Finish enrolment with a code from the app: two-factor is on; the recovery codes are shown once',
      body: z.object({ code: totpCode }),
      response: z.object({ recoveryCodes: z.array(z.string()) }),
    },
    async ({ body, req }) => {
      const account = await me(req);
      if (account.totpEnabledAt) throw conflict('Two-factor is already on');
      if (!account.totpSecretEnc) throw badRequest('Start enrolment first (POST /api/v1/me/two-factor)');
      if (!(await checkTotp(db, config, account, body.code))) throw badRequest('Code is wrong or expired');
      const recoveryCodes = await replaceRecoveryCodes(db, account.id);
      await db.account.update({ where: { id: account.id }, data: { totpEnabledAt: new Date() } });
      await audit(db, { action: 'auth.two_factor_enabled', accountId: account.id, ip: req.ip });
      return { recoveryCodes };
    },
  );

  route(
    {
      method: 'post',
      path: '/recovery-codes',
      summary: 'New recovery codes (the old ones stop working); needs a current code',
      body: z.object({ code: z.string().trim().min(6).max(20) }),
      response: z.object({ recoveryCodes: z.array(z.string()) }),
    },
    async ({ body, req }) => {
      const account = await me(req);
      if (!account.totpEnabledAt) throw badRequest('Two-factor is off');
      if (!(await checkSecondFactor(db, config, account, body.code))) throw unauthorized('Code is wrong');
      const recoveryCodes = await replaceRecoveryCodes(db, account.id);
      await audit(db, { action: 'auth.recovery_codes_renewed', accountId: account.id, ip: req.ip });
      return { recoveryCodes };
    },
  );

  route(
    {
      method: 'delete',
      path: '',
      summary: 'Turn two-factor off (needs the password and a current code)',
      status: 204,
      body: z.object({ password: z.string().min(1).max(200), code: z.string().trim().min(6).max(20) }),
    },
    async ({ body, req }) => {
      const account = await me(req);
      if (!account.totpEnabledAt) throw badRequest('Two-factor is off');
      if (
        !(await verifyPassword(account.passwordHash, body.password)) ||
        !(await checkSecondFactor(db, config, account, body.code))
      )
        throw unauthorized('Password or code is wrong');
      await db.$transaction([
        db.account.update({ where: { id: account.id }, data: { totpEnabledAt: null, totpSecretEnc: null } }),
        db.recoveryCode.deleteMany({ where: { accountId: account.id } }),
      ]);
      await audit(db, { action: 'auth.two_factor_disabled', accountId: account.id, ip: req.ip });
    },
  );
}
