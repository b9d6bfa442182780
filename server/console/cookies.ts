/**
 * The console's browser session, pure parts: cookie strings and the CSRF token. The refresh token lives
 * only in an HttpOnly cookie scoped to /console/session (so no other request carries it and script never
 * sees it); the access token lives in the page's memory. The CSRF token is an HMAC of the refresh token:
 * readable by our own script (a non-HttpOnly cookie), impossible to forge or read from another site, and
 * it changes with every rotation.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../crypto/secrets.ts';
import { REFRESH_TOKEN_DAYS } from '../auth/sessions.ts';

export const SESSION_PATH = '/console/session';
export const REFRESH_COOKIE = 'll_refresh';
export const CSRF_COOKIE = 'll_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** Sent by the console with log-in and sign-up: "put the refresh token in a cookie, not in the body". */
export const COOKIE_MODE_HEADER = 'x-leadline-session';

export const csrfTokenOf = (secret: Buffer, refreshToken: string) =>
  createHmac('sha256', secret)
    .update('csrf:' + refreshToken)
    .digest('base64url');

export function csrfValid(secret: Buffer, refreshToken: string | undefined, header: string | undefined): boolean {
  if (!refreshToken || !header) return false;
  return safeEqual(csrfTokenOf(secret, refreshToken), header);
}

/** Loopback over plain http is the one place a Secure cookie could not be set (a developer's machine). */
export const secureCookies = (hostname: string, https: boolean) =>
  https || !['localhost', '127.0.0.1', '[::1]', '::1'].includes(hostname);

export interface CookieSpec {
  name: string;
  value: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  maxAgeSeconds: number;
}

export function serializeCookie(c: CookieSpec): string {
  return [
    `${c.name}=${encodeURIComponent(c.value)}`,
    `Path=${c.path}`,
    `Max-Age=${c.maxAgeSeconds}`,
    'SameSite=Strict',
    ...(c.httpOnly ? ['HttpOnly'] : []),
    ...(c.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Both cookies of a session; `null` clears them. */
export function sessionCookies(secret: Buffer, refreshToken: string | null, secure: boolean): string[] {
  const maxAgeSeconds = refreshToken ? REFRESH_TOKEN_DAYS * 86_400 : 0;
  return [
    serializeCookie({
      name: REFRESH_COOKIE,
      value: refreshToken ?? '',
      path: SESSION_PATH,
      httpOnly: true,
      secure,
      maxAgeSeconds,
    }),
    serializeCookie({
      name: CSRF_COOKIE,
      value: refreshToken ? csrfTokenOf(secret, refreshToken) : '',
      path: '/',
      httpOnly: false,
      secure,
      maxAgeSeconds,
    }),
  ];
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of (header ?? '').split(';')) {
    const part = raw.trim();
    const i = part.indexOf('=');
    if (i < 1) continue;
    try {
      out[part.slice(0, i)] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a malformed cookie is ignored, as browsers do
    }
  }
  return out;
}
