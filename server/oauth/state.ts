/**
 * The OAuth `state` and the install ticket.
 * - state = `<OAuthState row id>.<HMAC>`: the signature proves we issued it, the row makes it single-use
 *   (usedAt set atomically) and expiring (10 minutes); the PKCE verifier stays in the row, encrypted.
 * - ticket: a browser navigation cannot carry a bearer header, so an owner/admin first asks the API for a
 *   short-lived signed install link; its id is spent on first use (a RateWindow counter), so a leaked link
 *   cannot start a second install.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { safeEqual } from '../crypto/secrets.ts';

export const STATE_TTL_MS = 10 * 60_000;
export const TICKET_TTL_S = 120;

const mac = (secret: Buffer, id: string) => createHmac('sha256', secret).update(`oauth-state:${id}`).digest('base64url');

export const signState = (secret: Buffer, id: string) => `${id}.${mac(secret, id)}`;

/** The row id named by a state we signed, or null for anything else. */
export function verifyState(secret: Buffer, state: string): string | null {
  const [id, sig, extra] = state.split('.');
  if (!id || !sig || extra !== undefined || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return safeEqual(sig, mac(secret, id)) ? id : null;
}

export interface Ticket {
  accountId: string;
  businessId: string;
  provider: string;
  jti: string;
}

const AUDIENCE = 'leadline-oauth-install';

export async function mintTicket(secret: Buffer, t: Omit<Ticket, 'jti'>): Promise<string> {
  return new SignJWT({ businessId: t.businessId, provider: t.provider })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(t.accountId)
    .setAudience(AUDIENCE)
    .setIssuer('leadline')
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${TICKET_TTL_S}s`)
    .sign(secret);
}

export async function readTicket(secret: Buffer, token: string): Promise<Ticket | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { audience: AUDIENCE, issuer: 'leadline', algorithms: ['HS256'] });
    if (!payload.sub || !payload.jti || typeof payload.businessId !== 'string' || typeof payload.provider !== 'string') return null;
    return { accountId: payload.sub, businessId: payload.businessId, provider: payload.provider, jti: payload.jti };
  } catch {
    return null;
  }
}
