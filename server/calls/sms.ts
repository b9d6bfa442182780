import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { validationProblem } from '../http/problem.ts';
import { recordSmsConsent, smsKeyword } from './sms-consent.ts';

const smsBody = z.object({
  From: z.string().min(3).max(32),
  To: z.string().max(32).optional(),
  Body: z.string().max(1600).default(''),
});

const xmlEscape = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * POST /twilio/sms (signed by Twilio) — STOP/UNSTOP/START/HELP and their standard variants keep our opt-out
 * list in step with the carrier's, each one recorded in the consent history. Twilio's Advanced Opt-Out
 * answers STOP and START itself; HELP is answered here with who is texting and how to stop.
 */
export function smsHandler(ctx: AppContext) {
  return async (req: Request, res: Response) => {
    const p = smsBody.safeParse(req.body);
    if (!p.success) throw validationProblem(p.error);
    const { From: from, To: to } = p.data;
    const kw = smsKeyword(p.data.Body);
    const number = to
      ? await ctx.db.phoneNumber.findUnique({ where: { e164: to }, include: { business: true } })
      : null;
    const businessId = number?.businessId ?? null;
    let reply = '';
    if (kw === 'stop')
      await ctx.db.$transaction(async (tx) => {
        await tx.smsOptOut.upsert({ where: { phone: from }, create: { phone: from }, update: {} });
        await recordSmsConsent(tx, {
          phone: from,
          event: 'opt_out',
          source: 'sms_keyword',
          businessId,
          wording: p.data.Body.trim(),
        });
      });
    if (kw === 'start')
      await ctx.db.$transaction(async (tx) => {
        await tx.smsOptOut.deleteMany({ where: { phone: from } });
        await recordSmsConsent(tx, {
          phone: from,
          event: 'opt_in',
          source: 'sms_keyword',
          businessId,
          wording: p.data.Body.trim(),
        });
      });
    if (kw === 'help') {
      await recordSmsConsent(ctx.db, { phone: from, event: 'help', source: 'sms_keyword', businessId });
      const who = number?.business.name ?? 'Leadline';
      reply = `<Message>${xmlEscape(`${who}: alerts about calls and callbacks. Msg&data rates may apply. Reply STOP to opt out, START to opt back in.`)}</Message>`;
    }
    res.type('text/xml').send(`<?xml version="1.0" encoding="UTF-8"?><Response>${reply}</Response>`);
  };
}
