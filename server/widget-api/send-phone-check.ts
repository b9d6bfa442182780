/**
 * POST /widget/v1/phone-checks: texts the visitor a code that proves the callback number is theirs. Each
 * message costs money (SMS pumping sends them to premium ranges), so the same guards as a callback apply
 * first: per-IP limit, a spent proof of work, the dial policy, a verified business, and a per-number limit.
 */
import { z } from 'zod';
import { mayDialOut } from '../billing/dial-guard.ts';
import { Problem } from '../http/problem.ts';
import { limit } from '../http/rate-limit.ts';
import { callbackBody, type GuardDeps, type GuardLimits, spendProof } from './callbacks.ts';
import type { WidgetBusiness } from './origin.ts';
import { checkCallbackNumber } from './phone.ts';
import { issuePhoneCheck } from './phone-check.ts';
import { widgetSettingsOf } from './settings.ts';

export const phoneCheckBody = callbackBody.pick({ key: true, phone: true, proof: true });
export const phoneCheckCreated = z.object({ id: z.string(), expiresAt: z.string() });

const refuse = (status: number, type: string, title: string, detail: string) =>
  new Problem(status, type, title, detail);

export async function sendPhoneCheck(
  deps: GuardDeps & { telephony: { sendSms(p: { from: string; to: string; body: string }): Promise<unknown> } | null },
  business: WidgetBusiness,
  from: string | null,
  body: z.infer<typeof phoneCheckBody>,
  meta: { ip: string },
  limits: GuardLimits,
): Promise<z.infer<typeof phoneCheckCreated>> {
  const { db } = deps;
  await limit(db, `widget:ip:${meta.ip}`, limits.perIp.max, limits.perIp.windowSeconds);
  await spendProof(deps, business.id, body.proof, limits.powBits);
  const settings = widgetSettingsOf(business.widgetSettings, business.country);
  if (!settings.verifyPhone)
    throw refuse(409, 'phone-check-off', 'Not needed', 'This business does not ask for a code; request the callback');
  if (!(await mayDialOut(db, business.id)))
    throw refuse(403, 'callbacks-unavailable', 'Callbacks unavailable', 'This business cannot place callbacks yet');
  if (!deps.telephony || !from)
    throw refuse(503, 'sms-unavailable', 'SMS unavailable', 'Text messages cannot be sent right now');
  const phone = checkCallbackNumber(body.phone, business.country, settings.allowedCountries);
  if (!phone.ok)
    throw new Problem(422, 'validation', 'Invalid request', `phone: ${phone.message}`, {
      errors: [{ path: 'phone', message: phone.message }],
    });
  await limit(db, `widget:sms:${phone.e164}`, limits.smsPerNumber.max, limits.smsPerNumber.windowSeconds);
  const check = issuePhoneCheck(deps.secret, business.id, phone.e164, deps.now());
  await deps.telephony.sendSms({
    from,
    to: phone.e164,
    body: `${check.code} is your code to confirm the callback from ${business.name}. It expires in 10 minutes.`,
  });
  return { id: check.id, expiresAt: check.expiresAt };
}
