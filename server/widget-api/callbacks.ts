/**
 * POST /widget/v1/callbacks, after validation: the abuse and toll-fraud guards, then the CallbackRequest,
 * its first event and the job that places the call, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { enforcePlanLimit } from '../billing/limits.ts';
import { line } from '../http/text.ts';
import { mayDialOut } from '../billing/dial-guard.ts';
import { randomToken, sha256 } from '../crypto/secrets.ts';
import type { Db } from '../db/client.ts';
import { Problem, tooManyRequests } from '../http/problem.ts';
import { hit, limit } from '../http/rate-limit.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { WIDGET_LABELS } from './labels.ts';
import type { WidgetBusiness } from './origin.ts';
import { checkCallbackNumber } from './phone.ts';
import { CODE_TTL_SECONDS, MAX_CODE_GUESSES, phoneCheckMatches, phoneCheckNonce } from './phone-check.ts';
import { checkProof, DEFAULT_POW_BITS, POW_TTL_SECONDS } from './proof-of-work.ts';
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
  phone: line().trim().min(3, 'Enter your phone number').max(40),
  reason: visitorText(500).optional(),
  consentCall: z.literal(true, 'Consent to be called is required'),
  consentSms: z.boolean().default(false),
  /** Honeypot: hidden from people, so only bots fill it. */
  website: z.string().max(500).default(''),
  elapsedMs: z.number().int().min(0),
  /** The solved challenge from GET /widget/v1/challenge (proof-of-work.ts). */
  proof: z.object({ challenge: z.string().min(1).max(200), solution: z.string().regex(/^[0-9]{1,16}$/) }),
  /** The SMS code ticket and the code the visitor received, when the business verifies numbers. */
  phoneCheck: z.object({ id: z.string().min(1).max(200), code: z.string().regex(/^[0-9]{6}$/) }).optional(),
});
export type CallbackBody = z.infer<typeof callbackBody>;

/** The widget's own label for the SMS checkbox (labels.ts), unless the business changed it. */
export const DEFAULT_SMS_CONSENT_WORDING = WIDGET_LABELS.consentSms;

export const callbackCreated = z.object({ id: z.uuid(), token: z.string(), status: z.literal('queued') });

export interface GuardLimits {
  /** Requests per client IP per window (all businesses). */
  perIp: { max: number; windowSeconds: number };
  /** Accepted callbacks per visitor number per window (all businesses). */
  perNumber: { max: number; windowSeconds: number };
  minFillMs: number;
  /** Hardness of the proof of work each request carries (leading zero bits of SHA-256). */
  powBits: number;
  /** SMS codes sent per number per window (all businesses): SMS pumping pays per message. */
  smsPerNumber: { max: number; windowSeconds: number };
}

export const DEFAULT_LIMITS: GuardLimits = {
  perIp: { max: 10, windowSeconds: 600 },
  perNumber: { max: 3, windowSeconds: 3600 },
  minFillMs: DEFAULT_MIN_FILL_MS,
  powBits: DEFAULT_POW_BITS,
  smsPerNumber: { max: 3, windowSeconds: 3600 },
};

/** What the guards need besides the database: the signing secret and the clock. */
export interface GuardDeps {
  db: Db;
  secret: Buffer;
  now: () => number;
}

const fieldProblem = (path: string, message: string) =>
  new Problem(422, 'validation', 'Invalid request', `${path}: ${message}`, { errors: [{ path, message }] });
const phoneProblem = (message: string) => fieldProblem('phone', message);

/** Refused before anything is written: a request carries a fresh, solved challenge of ours, spent here. */
export async function spendProof(
  deps: GuardDeps,
  businessId: string,
  proof: CallbackBody['proof'],
  minBits: number,
): Promise<void> {
  const r = checkProof(deps.secret, businessId, proof, deps.now(), minBits);
  if (!r.ok) throw fieldProblem('proof', r.message);
  const used = await hit(deps.db, `pow:${r.nonce}`, POW_TTL_SECONDS);
  if (used.count > 1) throw fieldProblem('proof', 'The challenge was already used; try again');
}

/** The business's outbound calling is off until an owner verifies their e-mail: nothing is accepted for it. */
const notDialling = () =>
  new Problem(403, 'callbacks-unavailable', 'Callbacks unavailable', 'This business cannot place callbacks yet');

async function spendPhoneCheck(deps: GuardDeps, businessId: string, e164: string, check: CallbackBody['phoneCheck']) {
  if (!check) throw fieldProblem('phoneCheck', 'Confirm your number with the code we text you');
  const nonce = phoneCheckNonce(check.id, deps.now());
  if (!nonce) throw fieldProblem('phoneCheck', 'The code has expired; ask for a new one');
  const guesses = await hit(deps.db, `smscode:${nonce}`, CODE_TTL_SECONDS);
  if (guesses.count > MAX_CODE_GUESSES) throw tooManyRequests(guesses.resetIn);
  if (!phoneCheckMatches(deps.secret, businessId, e164, check.id, check.code))
    throw fieldProblem('phoneCheck.code', 'That code is not right');
  const spent = await hit(deps.db, `smsused:${nonce}`, CODE_TTL_SECONDS);
  if (spent.count > 1) throw fieldProblem('phoneCheck', 'That code was already used; ask for a new one');
}

/** Pure: whether the submission looks like a bot (honeypot filled, or faster than any person fills a form). */
export const looksAutomated = (b: Pick<CallbackBody, 'website' | 'elapsedMs'>, minFillMs: number) =>
  b.website.trim() !== '' || b.elapsedMs < minFillMs;

export async function createCallback(
  deps: GuardDeps,
  business: WidgetBusiness,
  body: CallbackBody,
  meta: { ip: string; origin: string },
  limits: GuardLimits = DEFAULT_LIMITS,
  /** Billing on: the plan's callbacks-a-day cap applies (off: the largest plan's). */
  billingOn = false,
): Promise<z.infer<typeof callbackCreated>> {
  const { db } = deps;
  await limit(db, `widget:ip:${meta.ip}`, limits.perIp.max, limits.perIp.windowSeconds, 'widget-ip');
  // Bots get an answer that looks like success and nothing else: a refusal would teach them the rule.
  // The widget itself waits out minFillMs before sending, so a person never lands here.
  if (looksAutomated(body, limits.minFillMs)) return { id: randomUUID(), token: randomToken(), status: 'queued' };
  await spendProof(deps, business.id, body.proof, limits.powBits);
  if (!(await mayDialOut(db, business.id))) throw notDialling();

  const settings = widgetSettingsOf(business.widgetSettings, business.country);
  const phone = checkCallbackNumber(body.phone, business.country, settings.allowedCountries);
  if (!phone.ok) throw phoneProblem(phone.message);
  if (settings.verifyPhone) await spendPhoneCheck(deps, business.id, phone.e164, body.phoneCheck);
  await limit(db, `widget:number:${phone.e164}`, limits.perNumber.max, limits.perNumber.windowSeconds, 'widget-number');
  // Counted last, so refused requests do not use up the business's day.
  const cap = await hit(db, `widget:daily:${business.id}`, 86_400);
  if (cap.count > settings.dailyCallbackCap) throw tooManyRequests(cap.resetIn);

  const token = randomToken();
  const created = await db.$transaction(async (tx) => {
    await enforcePlanLimit(tx, { businessId: business.id, limit: 'callbacksPerDay', billingOn });
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
    // The opt-in, as the visitor saw it: when, where, the exact wording, the number. Without it, no text.
    if (body.consentSms)
      await tx.smsConsentRecord.create({
        data: {
          businessId: business.id,
          phone: phone.e164,
          event: 'opt_in',
          source: 'web_form',
          wording: settings.labels.consentSms ?? DEFAULT_SMS_CONSENT_WORDING,
          callbackRequestId: cb.id,
        },
      });
    await enqueue(tx, 'callback.place', { callbackRequestId: cb.id }, { jobKey: `callback:${cb.id}`, maxAttempts: 3 });
    await tx.$executeRaw`select pg_notify(${CALLBACK_CHANNEL}, ${cb.id})`;
    return cb;
  });
  return { id: created.id, token, status: 'queued' };
}
