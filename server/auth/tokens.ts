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
