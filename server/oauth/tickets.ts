/**
 * Install tickets. A browser navigation cannot carry a bearer header, so starting an install from a link needs a
 * signed permission (HS256 JWT) to install one provider into one business on behalf of one owner/admin account:
 * - 'install': minted by the install-link API for the app to open at once, so it lives 2 minutes.
 * - 'reconnect': e-mailed to each owner when a connection loses its grant. Owners read mail days later, so it
 *   lives 7 days; and it is only good while that connection still needs re-authorization.
 * Either is spent on first use (a RateWindow counter keyed by the jti, kept past the ticket's expiry), so a
 * leaked link cannot start a second install.
 */
import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { AppContext } from '../context.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { notFound, Problem } from '../http/problem.ts';
import { hit } from '../http/rate-limit.ts';
import type { ReconnectLinks } from '../ports.ts';

export type TicketUse = 'install' | 'reconnect';
export const TICKET_TTL_S: Record<TicketUse, number> = { install: 120, reconnect: 7 * 86_400 };

export interface Ticket {
  accountId: string;
  businessId: string;
  provider: string;
  use: TicketUse;
  jti: string;
}

const AUDIENCE = 'leadline-oauth-install';
const spentKey = (jti: string) => `oauth-ticket:${jti}`;

export async function mintTicket(secret: Buffer, t: Omit<Ticket, 'jti'>): Promise<string> {
  return new SignJWT({ businessId: t.businessId, provider: t.provider, use: t.use })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(t.accountId)
    .setAudience(AUDIENCE)
    .setIssuer('leadline')
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${TICKET_TTL_S[t.use]}s`)
    .sign(secret);
}

export const installUrl = (base: string, t: Pick<Ticket, 'provider' | 'businessId'>, ticket: string) =>
  `${base}/oauth/${t.provider}/install?businessId=${t.businessId}&ticket=${encodeURIComponent(ticket)}`;

/** The reconnect links sync e-mails to owners (ctx.reconnectLinks). */
export const reconnectLinks = (config: Pick<Config, 'PUBLIC_BASE_URL' | 'jwtSecret'>): ReconnectLinks => ({
  ttlSeconds: TICKET_TTL_S.reconnect,
  mint: async (t) =>
    installUrl(config.PUBLIC_BASE_URL, t, await mintTicket(config.jwtSecret, { ...t, use: 'reconnect' })),
});

const linkProblem = (slug: string, title: string, detail: string) => new Problem(400, slug, title, detail);

const toTicket = (p: Record<string, unknown>): Ticket | null => {
  const use = p.use ?? 'install';
  if (
    typeof p.sub !== 'string' ||
    typeof p.jti !== 'string' ||
    typeof p.businessId !== 'string' ||
    typeof p.provider !== 'string'
  )
    return null;
  if (use !== 'install' && use !== 'reconnect') return null;
  return { accountId: p.sub, businessId: p.businessId, provider: p.provider, use, jti: p.jti };
};

/** The ticket, or a problem that says why not (forged, expired: with when, and what to do instead). */
async function readTicket(secret: Buffer, token: string): Promise<Ticket> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      audience: AUDIENCE,
      issuer: 'leadline',
      algorithms: ['HS256'],
    });
    const t = toTicket(payload);
    if (t) return t;
  } catch (err) {
    // jose checks the signature before the claims, so an expired ticket's claims are ours.
    if (err instanceof errors.JWTExpired) {
      const exp = typeof err.payload.exp === 'number' ? new Date(err.payload.exp * 1000).toISOString() : 'earlier';
      const detail =
        err.payload.use === 'reconnect'
          ? `This reconnect link expired (${exp}). Sign in to Leadline and reconnect from the connections page.`
          : 'This install link has expired (it lasts 2 minutes); open it again from Leadline.';
      throw linkProblem('oauth-link-expired', 'Link expired', detail);
    }
  }
  throw linkProblem(
    'oauth-link-invalid',
    'Link not valid',
    'This link was not issued by Leadline or was altered; open it again from Leadline.',
  );
}

const usedProblem = () =>
  linkProblem(
    'oauth-link-used',
    'Link already used',
    'This link was already used; each link starts one install. Sign in to Leadline to connect again.',
  );

/**
 * Everything a ticket must satisfy before an install may start, without spending it (a GET of an e-mailed link
 * only shows a confirm button). Throws the problem to answer.
 */
export async function acceptTicket(
  ctx: AppContext,
  token: string,
  provider: string,
  businessId?: string,
): Promise<Ticket> {
  const t = await readTicket(ctx.config.jwtSecret, token);
  if (t.provider !== provider || (businessId && businessId !== t.businessId)) {
    throw linkProblem(
      'oauth-link-invalid',
      'Link not valid',
      'This link is for another provider or business; open it again from Leadline.',
    );
  }
  if (((await ctx.db.rateWindow.findUnique({ where: { key: spentKey(t.jti) } }))?.used ?? 0) > 0) throw usedProblem();
  // The role may have changed since the link was made.
  const m = await ctx.db.membership.findUnique({
    where: { accountId_businessId: { accountId: t.accountId, businessId: t.businessId } },
  });
  if (!m || m.role === 'member') throw notFound('Business');
  if (t.use === 'reconnect') {
    // Reconnected meanwhile (from the app) or deliberately disconnected: an old e-mail must not start an install.
    const conn = await ctx.db.connection.findUnique({
      where: { businessId_provider: { businessId: t.businessId, provider } },
      select: { status: true },
    });
    if (conn?.status !== 'needs_reauth') {
      throw new Problem(
        409,
        'oauth-link-stale',
        'Nothing to reconnect',
        `This connection is ${conn?.status ?? 'gone'}, so this reconnect link no longer applies. Manage it from Leadline.`,
      );
    }
  }
  return t;
}

/** Spends the ticket; of two concurrent uses exactly one gets through. */
export async function spendTicket(db: Db, t: Ticket): Promise<void> {
  if ((await hit(db, spentKey(t.jti), TICKET_TTL_S[t.use] + 60)).count > 1) throw usedProblem();
}
