import { createHmac } from 'node:crypto';
import { safeEqual } from '../crypto/secrets.ts';

/**
 * The Media Stream carries the call id as a <Parameter>, with an HMAC over it: a stream can only be opened
 * for a call this service answered, even by someone who can forge nothing else.
 */
export const streamToken = (secret: Buffer, callId: string) =>
  createHmac('sha256', secret).update(`stream:${callId}`).digest('base64url');

export const verifyStreamToken = (secret: Buffer, callId: string, token: string) =>
  safeEqual(token, streamToken(secret, callId));
