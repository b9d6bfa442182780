import express, { type RequestHandler } from 'express';
import twilio from 'twilio';
import type { AppContext } from '../context.ts';
import { Problem, unauthorized, forbidden } from '../http/problem.ts';

/**
 * Twilio signs the public URL it called (PUBLIC_BASE_URL + path + query), not the one a proxy forwards to
 * us, so the signature is checked against that. Missing → 401, wrong → 403; nothing is read or written first.
 */
export function twilioSignatureValid(authToken: string, signature: string | undefined, url: string, params: Record<string, unknown>): boolean {
  return Boolean(signature) && twilio.validateRequest(authToken, signature!, url, params as Record<string, string>);
}

export function verifyTwilio(ctx: AppContext): RequestHandler[] {
  return [
    express.urlencoded({ extended: false, limit: '64kb' }),
    (req, _res, next) => {
      const token = ctx.config.TWILIO_AUTH_TOKEN;
      if (!token) return next(new Problem(503, 'telephony-not-configured', 'Telephony not configured', 'Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN'));
      const signature = req.header('x-twilio-signature');
      if (!signature) return next(unauthorized('Missing X-Twilio-Signature'));
      const url = ctx.config.PUBLIC_BASE_URL + req.originalUrl;
      if (!twilioSignatureValid(token, signature, url, req.body ?? {})) return next(forbidden('X-Twilio-Signature does not match'));
      next();
    },
  ];
}

/** The wss:// URL Twilio opens for a Media Stream, as it signs it. */
export const mediaStreamUrl = (publicBaseUrl: string) => publicBaseUrl.replace(/^http/, 'ws') + '/twilio/media';
