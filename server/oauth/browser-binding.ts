/**
 * Binds an OAuth install to the browser that started it. The state names a row; the browser also gets a
 * `__Host-` cookie with a random nonce whose hash is in that row. The callback must come back with the cookie:
 * a consent link started by someone else (an admin of another business sending it to a victim) is completed in
 * the victim's browser, which has no such cookie, so nothing is attached.
 * `__Host-`: Secure, Path=/, no Domain, so no subdomain can plant or read it; SameSite=Lax still sends it on
 * the provider's top-level redirect back to us; HttpOnly keeps it from scripts.
 */
import type { Request, Response } from 'express';
import { randomToken, safeEqual, sha256 } from '../crypto/secrets.ts';
import { STATE_TTL_MS } from './state.ts';

const cookieName = (stateId: string) => `__Host-ll-oauth-${stateId}`;

/** A new nonce for a state row: the hash to store, and the cookie set on the response. */
export function bindBrowser(res: Response, stateId: string): string {
  const nonce = randomToken(32);
  res.cookie(cookieName(stateId), nonce, {
    secure: true,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: STATE_TTL_MS,
  });
  return sha256(nonce);
}

function cookieOf(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** True when this request carries the cookie of the browser that started the install. */
export function sameBrowser(req: Request, stateId: string, nonceHash: string | null): boolean {
  const nonce = cookieOf(req, cookieName(stateId));
  return Boolean(nonce && nonceHash && safeEqual(sha256(nonce), nonceHash));
}

export const forgetBrowser = (res: Response, stateId: string) =>
  res.clearCookie(cookieName(stateId), { secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
