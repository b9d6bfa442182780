/**
 * POST /widget/v1/callbacks, after validation: the abuse and toll-fraud guards, then the CallbackRequest,
 * its first event and the job that places the call, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { randomToken, sha256 } from '../crypto/secrets.ts';
import type { Db } from '../db/client.ts';
import { Problem, tooManyRequests } from '../http/problem.ts';
import { hit, limit } from '../http/rate-limit.ts';
import { enqueue } from '../jobs/enqueue.ts';
import type { WidgetBusiness } from './origin.ts';
import { checkCallbackNumber } from './phone.ts';
import { CALLBACK_CHANNEL } from './progress.ts';
import { DEFAULT_MIN_FILL_MS, widgetSettingsOf } from './settings.ts';

/**
 * Visitor text reaches the assistant's instructions on the call it places (quoted there as untrusted data):
 * control and format characters (NUL, bidi overrides, zero-width) go at the edge, and it is one line.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/gu;
const visitorText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim());

export const callbackBody = z.object({
  key: z.string().min(1).max(100),
  name: visitorText(100).pipe(z.string().min(1, 'Enter your name')),
  phone: z.string().trim().min(3, 'Enter your phone number').max(40),
  reason: visitorText(500).optional(),
  consentCall: z.literal(true, 'Consent to be called is required'),
  consentSms: z.boolean().default(false),
  /** Honeypot: hidden from people, so only bots fill it. */
  website: z.string().max(500).default(''),
  elapsedMs: z.number().int().min(0),
});
export type CallbackBody = z.infer<typeof callbackBody>;

export const callbackCreated = z.object({ id: z.uuid(), token: z.string(), status: z.literal('queued') });

export interface GuardLimits {
  /** Requests per client IP per window (all businesses). */
  perIp: { max: number; windowSeconds: number };
  /** Accepted callbacks per visitor number per window (all businesses). */
  perNumber: { max: number; windowSeconds: number };
  minFillMs: number;
}

export const DEFAULT_LIMITS: GuardLimits = {
  perIp: { max: 10, windowSeconds: 600 },
  perNumber: { max: 3, windowSeconds: 3600 },
  minFillMs: DEFAULT_MIN_FILL_MS,
};

const phoneProblem = (message: string) =>
  new Problem(422, 'validation', 'Invalid request', `phone: ${message}`, { errors: [{ path: 'phone', message }] });

/** Pure: whether the submission looks like a bot (honeypot filled, or faster than any person fills a form). */
export const looksAutomated = (b: Pick<CallbackBody, 'website' | 'elapsedMs'>, minFillMs: number) =>
  b.website.trim() !== '' || b.elapsedMs < minFillMs;

export async function createCallback(
  db: Db,
  business: WidgetBusiness,
  body: CallbackBody,
  meta: { ip: string; origin: string },
  limits: GuardLimits = DEFAULT_LIMITS,
): Promise<z.infer<typeof callbackCreated>> {
  await limit(db, `widget:ip:${meta.ip}`, limits.perIp.max, limits.perIp.windowSeconds);
  // Bots get an answer that looks like success and nothing else: a refusal would teach them the rule.
  // The widget itself waits out minFillMs before sending, so a person never lands here.
  if (looksAutomated(body, limits.minFillMs)) return { id: randomUUID(), token: randomToken(), status: 'queued' };

  const settings = widgetSettingsOf(business.widgetSettings, business.country);
  const phone = checkCallbackNumber(body.phone, business.country, settings.allowedCountries);
  if (!phone.ok) throw phoneProblem(phone.message);
  await limit(db, `widget:number:${phone.e164}`, limits.perNumber.max, limits.perNumber.windowSeconds);
  // Counted last, so refused requests do not use up the business's day.
  const cap = await hit(db, `widget:daily:${business.id}`, 86_400);
  if (cap.count > settings.dailyCallbackCap) throw tooManyRequests(cap.resetIn);

  const token = randomToken();
  const created = await db.$transaction(async (tx) => {
    const cb = await tx.callbackRequest.create({
      data: {
        businessId: business.id,
        name: body.name,
        phone: phone.e164,
        reason: body.reason || null,
        consentCall: true,
        consentSms: body.consentSms,
        tokenHash: sha256(token),
        origin: meta.origin,
        ip: meta.ip,
      },
    });
    await tx.callbackEvent.create({ data: { callbackRequestId: cb.id, status: 'queued' } });
    await enqueue(tx, 'callback.place', { callbackRequestId: cb.id }, { jobKey: `callback:${cb.id}`, maxAttempts: 3 });
    await tx.$executeRaw`select pg_notify(${CALLBACK_CHANNEL}, ${cb.id})`;
    return cb;
  });
  return { id: created.id, token, status: 'queued' };
}
