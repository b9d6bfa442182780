import { jwtVerify, SignJWT } from 'jose';
import { unauthorized } from '../http/problem.ts';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const ISSUER = 'leadline';

export async function signAccessToken(secret: Buffer, accountId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(accountId)
    .setIssuer(ISSUER)
    .setAudience('leadline-api')
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
    .sign(secret);
}

export async function verifyAccessToken(secret: Buffer, token: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: 'leadline-api',
      algorithms: ['HS256'],
    });
    if (!payload.sub) throw new Error('no subject');
    return payload.sub;
  } catch {
    throw unauthorized('Access token is invalid or expired');
  }
}

/** Between a right password and the second factor: names the account, lives 5 minutes, opens nothing else. */
export const CHALLENGE_SECONDS = 5 * 60;

export async function signChallenge(secret: Buffer, accountId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(accountId)
    .setIssuer(ISSUER)
    .setAudience('leadline-2fa')
    .setIssuedAt()
    .setExpirationTime(`${CHALLENGE_SECONDS}s`)
    .sign(secret);
}

export async function verifyChallenge(secret: Buffer, token: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: 'leadline-2fa',
      algorithms: ['HS256'],
    });
    if (!payload.sub) throw new Error('no subject');
    return payload.sub;
  } catch {
    throw unauthorized('The two-factor challenge is invalid or expired; log in again');
  }
}
