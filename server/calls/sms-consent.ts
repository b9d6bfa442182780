/**
 * SMS consent: the keywords carriers require (CTIA; Twilio's standard opt-out list), the consent history
 * (SmsConsentRecord: opt-ins with where and the wording shown, keyword opt-outs and opt-ins), and the one
 * check every text we send goes through (sendSmsChecked): a number that opted out is never texted, even
 * after the person's data was erased (the tombstone keeps the opt-out as a hash).
 */
import type { AppContext } from '../context.ts';
import { subjectHash } from '../crypto/subject-hash.ts';
import type { Db, Tx } from '../db/client.ts';

/** Twilio's default opt-out, opt-in and help keywords, matched as the whole message, any case. */
const KEYWORDS: Record<'stop' | 'start' | 'help', readonly string[]> = {
  stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
  start: ['START', 'UNSTOP', 'YES'],
  help: ['HELP', 'INFO'],
};

export type SmsKeyword = keyof typeof KEYWORDS;

export function smsKeyword(body: string): SmsKeyword | null {
  const word = body
    .trim()
    .replace(/[.!]+$/, '')
    .toUpperCase();
  for (const k of ['stop', 'start', 'help'] as const) if (KEYWORDS[k].includes(word)) return k;
  return null;
}

export type ConsentSource = 'web_form' | 'keypad' | 'verbal' | 'sms_keyword';

export async function recordSmsConsent(
  db: Db | Tx,
  r: {
    phone: string;
    event: 'opt_in' | 'opt_out' | 'help';
    source: ConsentSource;
    businessId?: string | null;
    wording?: string | null;
    callId?: string | null;
    callbackRequestId?: string | null;
  },
): Promise<void> {
  await db.smsConsentRecord.create({
    data: {
      phone: r.phone,
      event: r.event,
      source: r.source,
      businessId: r.businessId ?? null,
      wording: r.wording ?? null,
      callId: r.callId ?? null,
      callbackRequestId: r.callbackRequestId ?? null,
    },
  });
}

/** Whether `phone` may be texted: it never sent STOP (or sent START since), here or before an erasure. */
export async function smsAllowed(ctx: Pick<AppContext, 'db' | 'config'>, phone: string): Promise<boolean> {
  const [out, stone] = await Promise.all([
    ctx.db.smsOptOut.findUnique({ where: { phone } }),
    ctx.db.erasureTombstone.findFirst({
      where: { subjectHash: subjectHash(ctx.config.jwtSecret, 'phone', phone), smsOptOut: true },
      select: { id: true },
    }),
  ]);
  return !out && !stone;
}

/** The only way Leadline sends a text: refused (null) for a number that opted out. */
export async function sendSmsChecked(
  ctx: Pick<AppContext, 'db' | 'config' | 'telephony' | 'log'>,
  p: { from: string; to: string; body: string; statusCallback?: string },
): Promise<{ sid: string } | null> {
  if (!ctx.telephony) return null;
  if (!(await smsAllowed(ctx, p.to))) {
    ctx.log.info({ from: p.from }, 'sms not sent: the number opted out');
    return null;
  }
  return ctx.telephony.sendSms(p);
}
