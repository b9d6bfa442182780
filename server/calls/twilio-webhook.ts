import { parse as parseQuery } from 'node:querystring';
import type { RequestHandler } from 'express';
import twilio from 'twilio';
import type { AppContext } from '../context.ts';
import { Problem, unauthorized, forbidden } from '../http/problem.ts';

const FORM = 'application/x-www-form-urlencoded';
const MAX_PARAMS = 1000;

/**
 * Twilio's form-encoded webhook bodies, read without body-parser's generality (content-encodings,
 * charsets, nested keys): this runs on every call and those were a visible share of its CPU. Keys are
 * kept exactly as sent, since the signature covers them; a repeated key becomes an array, as before.
 * Other content types leave `req.body` undefined.
 */
export function twilioForm(limitBytes: number): RequestHandler {
  const tooLarge = () => new Problem(413, 'too-large', 'Payload too large', 'Request body is too large');
  return (req, _res, next) => {
    const type = req.headers['content-type'];
    if (req.body !== undefined || !type || type.slice(0, FORM.length).toLowerCase() !== FORM) return next();
    const charset = /;\s*charset=("?)([^";\s]+)\1/i.exec(type)?.[2]?.toLowerCase();
    const encoding = req.headers['content-encoding'];
    if ((charset && charset !== 'utf-8' && charset !== 'utf8') || (encoding && encoding.toLowerCase() !== 'identity')) {
      req.resume();
      return next(
        new Problem(415, 'unsupported-media-type', 'Unsupported media type', 'Twilio webhooks are UTF-8 form bodies'),
      );
    }
    if (Number(req.headers['content-length'] ?? 0) > limitBytes) {
      req.resume();
      return next(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) failed = true;
      else chunks.push(chunk);
    });
    req.once('error', (err) => {
      failed = true;
      next(err);
    });
    req.once('end', () => {
      if (failed) return size > limitBytes ? next(tooLarge()) : undefined;
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      let params = 1;
      for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) params++;
      if (params > MAX_PARAMS) return next(tooLarge());
      const body = text ? parseQuery(text, '&', '=', { maxKeys: MAX_PARAMS }) : {};
      delete body[''];
      req.body = body;
      next();
    });
  };
}

/**
 * Twilio signs the public URL it called (PUBLIC_BASE_URL + path + query), not the one a proxy forwards to
 * us, so the signature is checked against that. Missing → 401, wrong → 403; nothing is read or written first.
 */
export function twilioSignatureValid(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, unknown>,
): boolean {
  return Boolean(signature) && twilio.validateRequest(authToken, signature!, url, params as Record<string, string>);
}

export function verifyTwilio(ctx: AppContext): RequestHandler[] {
  return [
    twilioForm(64 * 1024),
    (req, _res, next) => {
      const token = ctx.config.TWILIO_AUTH_TOKEN;
      if (!token)
        return next(
          new Problem(
            503,
            'telephony-not-configured',
            'Telephony not configured',
            'Set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
          ),
        );
      const signature = req.header('x-twilio-signature');
      if (!signature) return next(unauthorized('Missing X-Twilio-Signature'));
      const url = ctx.config.PUBLIC_BASE_URL + req.originalUrl;
      if (!twilioSignatureValid(token, signature, url, req.body ?? {}))
        return next(forbidden('X-Twilio-Signature does not match'));
      next();
    },
  ];
}

/** The wss:// URL Twilio opens for a Media Stream, as it signs it. */
export const mediaStreamUrl = (publicBaseUrl: string) => publicBaseUrl.replace(/^http/, 'ws') + '/twilio/media';
