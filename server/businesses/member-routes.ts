/**
 * Members of a business. Nobody is added silently: an admin invites an e-mail address, the mail carries a
 * single-use token, and membership starts only when the invitee, logged in with that (verified) address,
 * accepts it. The invite answer is the same whether or not an account exists for the address.
 */
import { afterCursor, pageOf, pageOrder, pageQuery } from '../http/pagination.ts';
import { enforcePlanLimit } from '../billing/limits.ts';
import type { Router } from 'express';
import { z } from 'zod';
import { inviteAccepted, invitePage, inviteSent, memberPage } from './responses.ts';
import { audit } from '../auth/audit.ts';
import { requireAuth, userOf } from '../auth/principal.ts';
import { requireVerified, unverified } from '../auth/verified.ts';
import type { AppContext } from '../context.ts';
import { randomToken, sha256 } from '../crypto/secrets.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { asPage, esc } from '../http/page.ts';
import { badRequest, forbidden, notFound, Problem } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { outranks, requireBusinessRole } from './access.ts';

export const INVITE_TTL_DAYS = 7;
const id = z.uuid();
const byId = z.object({ id });
const role = z.enum(['owner', 'admin', 'member']);
const inviteToken = z.string().regex(/^inv_[\w-]{40,50}$/, 'must be the token from the invitation e-mail');

export function memberRoutes(ctx: AppContext, route: ReturnType<typeof routeBuilder>): void {
  const { db, config } = ctx;

  route(
    {
      method: 'get',
      path: '/:id/members',
      summary: 'Members and their roles',
      response: memberPage,
      params: byId,
      query: pageQuery,
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id);
      const rows = await db.membership.findMany({
        where: { businessId: params.id, ...afterCursor(query.cursor, 'asc') },
        include: { account: true },
        orderBy: pageOrder('asc'),
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, (m) => ({
        accountId: m.accountId,
        email: m.account.email,
        name: m.account.name,
        role: m.role,
      }));
    },
  );

  route(
    {
      method: 'post',
      path: '/:id/members',
      summary: 'Invite someone by e-mail (they join when they accept the mailed link while logged in)',
      response: inviteSent,
      status: 202,
      params: byId,
      body: z.object({ email: z.email().transform((e) => e.toLowerCase()), role }),
    },
    async ({ params, body, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      if (access.viaApiKey) throw forbidden('Members are invited by a person, not an API key');
      await requireVerified(db, access);
      if (!outranks(access.role, body.role))
        throw forbidden(`Only an ${body.role === 'owner' ? 'owner' : 'admin'} can grant ${body.role}`);
      const token = `inv_${randomToken(32)}`;
      const expiresAt = new Date(Date.now() + INVITE_TTL_DAYS * 86_400_000);
      const business = await db.business.findUniqueOrThrow({ where: { id: params.id }, select: { name: true } });
      const invite = await db.memberInvite.create({
        data: {
          businessId: params.id,
          email: body.email,
          role: body.role,
          tokenHash: sha256(token),
          invitedById: access.accountId,
          expiresAt,
        },
      });
      await ctx.mailer.send({
        to: body.email,
        subject: `You are invited to ${business.name} on Leadline`,
        text:
          `You were invited to join ${business.name} on Leadline as ${body.role}. Log in (or sign up) as ${body.email}, ` +
          `verify the address, and accept: ${config.PUBLIC_BASE_URL}/app/invite?token=${token}\n` +
          `The invitation works once and expires in ${INVITE_TTL_DAYS} days. If you did not expect it, ignore this e-mail.`,
      });
      await audit(db, {
        action: 'member.invited',
        accountId: access.accountId,
        businessId: params.id,
        target: invite.id,
        meta: { email: body.email, role: body.role },
        ip: req.ip,
      });
      return { inviteId: invite.id, email: body.email, role: body.role, expiresAt: expiresAt.toISOString() };
    },
  );

  route(
    {
      method: 'get',
      path: '/:id/invites',
      summary: 'Invitations not yet accepted',
      response: invitePage,
      params: byId,
      query: pageQuery,
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const rows = await db.memberInvite.findMany({
        where: {
          businessId: params.id,
          acceptedAt: null,
          revokedAt: null,
          expiresAt: { gt: new Date() },
          ...afterCursor(query.cursor, 'asc'),
        },
        orderBy: pageOrder('asc'),
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, (i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt }));
    },
  );

  route(
    {
      method: 'delete',
      path: '/:id/invites/:inviteId',
      summary: 'Withdraw an invitation',
      status: 204,
      params: z.object({ id, inviteId: id }),
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      const { count } = await db.memberInvite.updateMany({
        where: { id: params.inviteId, businessId: params.id, acceptedAt: null, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (!count) throw notFound('Invitation');
      await audit(db, {
        action: 'member.invite_revoked',
        accountId: access.accountId,
        businessId: params.id,
        target: params.inviteId,
        ip: req.ip,
      });
    },
  );
}

const invalid = () =>
  new Problem(400, 'invite-invalid', 'Invitation not valid', 'This invitation is wrong, expired, withdrawn or used.');

/** Accepting an invitation: the logged-in, verified account whose address was invited. */
export function inviteAcceptRoutes(ctx: AppContext, r: Router, registry: OpenApiRegistry): void {
  const { db } = ctx;
  const billingOn = Boolean(ctx.config.STRIPE_SECRET_KEY);
  const route = routeBuilder(r, registry, { prefix: '', tag: 'businesses' });
  route(
    {
      method: 'get',
      path: '/invite',
      summary: 'The page an invitation e-mail opens (HTML): how to accept',
      responseType: 'text/html',
      query: z.object({ token: inviteToken }),
    },
    async ({ query, req, res }) =>
      asPage(req, res, async () => {
        const inv = await db.memberInvite.findUnique({
          where: { tokenHash: sha256(query.token) },
          include: { business: { select: { name: true } } },
        });
        if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= new Date()) throw invalid();
        return {
          title: `Join ${inv.business.name}`,
          body:
            `<h1>Join ${esc(inv.business.name)} on Leadline</h1><p>You were invited as <strong>${esc(inv.role)}</strong>. ` +
            `Log in (or sign up) as <strong>${esc(inv.email)}</strong>, verify that address, and accept the invitation in Leadline ` +
            `(<code>POST /api/v1/invites/accept</code> with this token):</p><p><code>${esc(query.token)}</code></p>` +
            `<p><a href="/app/invite?token=${encodeURIComponent(query.token)}">Accept in the Leadline console</a></p>`,
        };
      }),
  );

  route(
    {
      method: 'post',
      path: '/api/v1/invites/accept',
      summary: 'Join the business an invitation is for (logged in as the invited, verified address)',
      response: inviteAccepted,
      auth: true,
      before: [requireAuth(ctx)],
      body: z.object({ token: inviteToken }),
    },
    async ({ body, req }) => {
      const accountId = userOf(req);
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      if (!account.emailVerifiedAt) throw unverified();
      const result = await db.$transaction(async (tx) => {
        // Spent in the statement that checks it: of two accepts, one wins.
        const rows = await tx.$queryRaw<{ id: string; businessId: string; role: string; email: string }[]>`
          update "MemberInvite" set "acceptedAt" = now()
          where "tokenHash" = ${sha256(body.token)} and "acceptedAt" is null and "revokedAt" is null and "expiresAt" > now()
          returning "id", "businessId", "role"::text as "role", "email"`;
        const inv = rows[0];
        if (!inv) throw invalid();
        // The mailbox proved by the token must be this account's: a forwarded invite does not admit someone else.
        if (inv.email !== account.email)
          throw forbidden(`This invitation is for another e-mail address; log in as that address to accept it`);
        const existing = await tx.membership.findUnique({
          where: { accountId_businessId: { accountId, businessId: inv.businessId } },
        });
        if (existing) throw badRequest('You are already a member of this business');
        await enforcePlanLimit(tx, { businessId: inv.businessId, limit: 'seats', billingOn });
        await tx.membership.create({
          data: { accountId, businessId: inv.businessId, role: inv.role as 'owner' | 'admin' | 'member' },
        });
        return inv;
      });
      await audit(db, {
        action: 'member.added',
        accountId,
        businessId: result.businessId,
        target: accountId,
        meta: { role: result.role, inviteId: result.id },
        ip: req.ip,
      });
      const business = await db.business.findUniqueOrThrow({
        where: { id: result.businessId },
        select: { name: true },
      });
      return { businessId: result.businessId, name: business.name, role: result.role };
    },
  );
}
