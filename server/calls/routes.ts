import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { recordingProxy } from './recording-proxy.ts';
import { smsHandler } from './sms.ts';
import { recordingHandler, statusHandler } from './status.ts';
import { answerTwiml, answerTwimlOnError, twilioFields } from './twilio-guard.ts';
import { verifyTwilio } from './twilio-webhook.ts';
import { consentHandler, fallbackHandler, voiceHandler } from './voice.ts';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/** Twilio's webhooks (form-encoded, signature-checked) and the recording proxy. WS /twilio/media is in media.ts. */
export function callRoutes(ctx: AppContext, _registry: OpenApiRegistry): Router {
  const r = Router();
  const twilio = [...verifyTwilio(ctx), twilioFields];
  const post = (path: string, h: Handler) => r.post(path, ...twilio, h);
  // Webhooks a live call waits on answer TwiML whatever happens (twilio-guard.ts); the others answer 4xx.
  const call = (path: string, h: Handler) => r.post(path, ...twilio, answerTwiml(ctx, h), answerTwimlOnError(ctx));
  call('/twilio/voice', voiceHandler(ctx));
  call('/twilio/consent', consentHandler(ctx));
  call('/twilio/fallback', fallbackHandler(ctx));
  post('/twilio/status', statusHandler(ctx));
  post('/twilio/recording', recordingHandler(ctx));
  post('/twilio/sms', smsHandler(ctx));
  r.get('/recordings/:callId', recordingProxy(ctx));
  return r;
}
