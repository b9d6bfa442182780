import { createHash, randomBytes } from 'node:crypto';

/**
 * PKCE (RFC 7636) with the S256 method only: `plain` gives no protection if the authorize URL leaks,
 * and every provider we talk to supports S256.
 */

const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** 32 random bytes → 43 base64url characters, the shortest verifier the RFC allows, with 256 bits of entropy. */
export function createCodeVerifier(bytes = 32): string {
  if (bytes < 32 || bytes > 96) throw new RangeError('PKCE verifier needs 32..96 random bytes (43..128 characters)');
  return randomBytes(bytes).toString('base64url');
}

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER_PATTERN.test(verifier);
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))), no padding. */
export function codeChallengeS256(verifier: string): string {
  if (!isValidCodeVerifier(verifier))
    throw new RangeError('Invalid PKCE code verifier (43..128 unreserved characters)');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh verifier and its challenge, for the start of an authorization. */
export function createPkcePair(): { codeVerifier: string; codeChallenge: string; method: 'S256' } {
  const codeVerifier = createCodeVerifier();
  return { codeVerifier, codeChallenge: codeChallengeS256(codeVerifier), method: 'S256' };
}
