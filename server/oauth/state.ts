/**
 * Signed row ids. The OAuth `state` is `<OAuthState row id>.<HMAC>`: the signature proves we issued it, the row
 * makes it single-use (usedAt set atomically) and expiring (10 minutes); the PKCE verifier stays in the row,
 * encrypted. Set-up tokens (setup-token.ts) are built the same way over a different MAC domain, so a state can
 * never be presented as a set-up token or the other way round.
 */
import { createHmac } from 'node:crypto';
import { safeEqual, secretSlot } from '../crypto/secrets.ts';

export const STATE_TTL_MS = 10 * 60_000;

/** The slot an OAuthState row's sealed column (PKCE verifier, or a set-up token's payload) is bound to. */
export const oauthStateSlot = (id: string) => secretSlot('OAuthState', id, 'codeVerifier');

type Domain = 'oauth-state' | 'oauth-setup';

const mac = (secret: Buffer, domain: Domain, id: string) =>
  createHmac('sha256', secret).update(`${domain}:${id}`).digest('base64url');

const sign = (secret: Buffer, domain: Domain, id: string) => `${id}.${mac(secret, domain, id)}`;

function verify(secret: Buffer, domain: Domain, value: string): string | null {
  const [id, sig, extra] = value.split('.');
  if (!id || !sig || extra !== undefined || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return safeEqual(sig, mac(secret, domain, id)) ? id : null;
}

export const signState = (secret: Buffer, id: string) => sign(secret, 'oauth-state', id);

/** The row id named by a state we signed, or null for anything else. */
export const verifyState = (secret: Buffer, state: string) => verify(secret, 'oauth-state', state);

export const signSetupId = (secret: Buffer, id: string) => sign(secret, 'oauth-setup', id);
export const verifySetupId = (secret: Buffer, token: string) => verify(secret, 'oauth-setup', token);
