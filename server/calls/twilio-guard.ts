import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { badRequest, Problem } from '../http/problem.ts';
import { unsafeText } from '../http/text.ts';
import { RECORDING_SID } from './telephony.ts';
import * as twiml from './twiml.ts';

/**
 * Twilio retries a webhook that answers 5xx and plays "an application error has occurred" to the caller,
 * so an odd but validly signed request must never become one. Three guards, each in one place:
 * `twilioFields` refuses what no column can store, `twilioSeconds` bounds durations to what an int column
 * and a real call can hold, and `answerTwiml` turns whatever still goes wrong on a call-facing webhook into
 * a polite hang-up, logged.
 */

/** The longest call Twilio places (its `timeLimit` maximum): a larger duration is clamped to it. */
export const MAX_CALL_SECONDS = 24 * 3600;

/** A duration field (`CallDuration`, `RecordingDuration`): whole seconds, clamped so no int column overflows. */
export const twilioSeconds = (min = 0) =>
  z.coerce
    .number()
    .int()
    .min(min)
    .transform((s) => Math.min(s, MAX_CALL_SECONDS));

/** Twilio's recording ids: RE and 32 hex digits. Anything else is never stored or fetched. */
export const recordingSid = z.string().regex(RECORDING_SID, 'must be a Twilio RecordingSid (RE + 32 hex digits)');

/** After the signature check: a field (or our own query parameter) holding NUL, controls or broken Unicode → 400. */
export const twilioFields: RequestHandler = (req, _res, next) => {
  const bad = unsafeText(req.body ?? {}, ['body']) ?? unsafeText(req.query, ['query']);
  next(bad ? badRequest(`${bad.path}: ${bad.message}`) : undefined);
};

type Handler = (req: Request, res: Response) => Promise<unknown>;

/**
 * For webhooks whose answer is TwiML (voice, consent, fallback): any failure — a refused field, a
 * callback deleted before its call connected (a foreign key), a database hiccup — ends the call politely
 * with 200 and is logged, instead of a 5xx Twilio would retry and speak as an error.
 */
export function answerTwiml(ctx: AppContext, handler: Handler): RequestHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      hangUp(ctx, err, req, res);
    }
  };
}

/** The same guard as an error handler, for failures before the handler runs (a refused field or body). */
export const answerTwimlOnError =
  (ctx: AppContext) =>
  (err: unknown, req: Request, res: Response, next: (e?: unknown) => void): void => {
    // A missing or wrong signature stays 401/403 (and 503 unconfigured): only Twilio gets the hang-up.
    if (err instanceof Problem && [401, 403, 503].includes(err.status)) next(err);
    else hangUp(ctx, err, req, res);
  };

function hangUp(ctx: AppContext, err: unknown, req: Request, res: Response): void {
  const expected = err instanceof Problem || (err as { code?: string }).code === '23503';
  const callSid = typeof req.body?.CallSid === 'string' ? req.body.CallSid.slice(0, 64) : undefined;
  ctx.log[expected ? 'warn' : 'error'](
    { err, path: req.path, callSid },
    'Twilio webhook refused; answered with a hang-up',
  );
  if (res.headersSent) return;
  res.status(200).type('text/xml').send(twiml.goodbye('Sorry, something went wrong. Goodbye.'));
}
