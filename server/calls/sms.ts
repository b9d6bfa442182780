import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { validationProblem } from '../http/problem.ts';
import { smsKeyword } from '../leads/notify.ts';

const smsBody = z.object({ From: z.string().min(3).max(32), Body: z.string().max(1600).default('') });

/** POST /twilio/sms — STOP/START keywords keep our opt-out list in step with the carrier's. */
export function smsHandler(ctx: AppContext) {
  return async (req: Request, res: Response) => {
    const p = smsBody.safeParse(req.body);
    if (!p.success) throw validationProblem(p.error);
    const kw = smsKeyword(p.data.Body);
    if (kw === 'stop')
      await ctx.db.smsOptOut.upsert({ where: { phone: p.data.From }, create: { phone: p.data.From }, update: {} });
    if (kw === 'start') await ctx.db.smsOptOut.deleteMany({ where: { phone: p.data.From } });
    // Twilio's Advanced Opt-Out sends the carrier-required reply itself; we answer with no message.
    res.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  };
}
