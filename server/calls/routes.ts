import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { recordingProxy } from './recording-proxy.ts';
import { smsHandler } from './sms.ts';
import { recordingHandler, statusHandler } from './status.ts';
import { verifyTwilio } from './twilio-webhook.ts';
import { consentHandler, fallbackHandler, voiceHandler } from './voice.ts';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/** Twilio's webhooks (form-encoded, signature-checked) and the recording proxy. WS /twilio/media is in media.ts. */
export function callRoutes(ctx: AppContext, _registry: OpenApiRegistry): Router {
  const r = Router();
  const twilio = verifyTwilio(ctx);
  const post = (path: string, h: Handler) => r.post(path, ...twilio, h);
  post('/twilio/voice', voiceHandler(ctx));
  post('/twilio/consent', consentHandler(ctx));
  post('/twilio/fallback', fallbackHandler(ctx));
  post('/twilio/status', statusHandler(ctx));
  post('/twilio/recording', recordingHandler(ctx));
  post('/twilio/sms', smsHandler(ctx));
  r.get('/recordings/:callId', recordingProxy(ctx));
  return r;
}
