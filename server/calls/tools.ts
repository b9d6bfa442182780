import { escalationRulesOf } from '../businesses/escalation.ts';
import { z } from 'zod';
import { authorizeDial, reserveSeconds } from '../billing/dial-guard.ts';
import { PLATFORM_LIMITS } from '../businesses/dial-policy.ts';
import type { AppContext } from '../context.ts';
import { closedDatesOf, isOpenAt, openIntervalsBetween } from '../businesses/hours.ts';
import type { WeeklyHours } from '../businesses/schema.ts';
import type { ToolCallResult } from './relay/index.ts';
import { freeSlots } from './slots.ts';
import * as twiml from './twiml.ts';
import { cleanUntrusted } from './untrusted.ts';

/** Length of an appointment offered or booked when the caller does not say. */
const APPOINTMENT_MINUTES = 60;

const availabilityArgs = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });
const bookingArgs = z.object({
  start: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().min(5).max(480).optional(),
  summary: z.string().max(200).optional(),
});

/** How far ahead a caller may book, and how soon (a slot starting in minutes cannot be prepared for). */
const BOOKING_HORIZON_DAYS = 60;
const BOOKING_LEAD_MINUTES = 15;

/** Why a booking at `start` cannot be made, or null when it can. */
async function bookingRefusal(
  ctx: AppContext,
  b: { id: string; weeklyHours: unknown; timezone: string; closedDates: unknown },
  start: number,
  minutes: number,
): Promise<string | null> {
  const now = Date.now();
  const end = start + minutes * 60_000;
  if (start < now + BOOKING_LEAD_MINUTES * 60_000) return 'that time has passed or is too soon';
  if (start > now + BOOKING_HORIZON_DAYS * 86_400_000) return `only times within the next ${BOOKING_HORIZON_DAYS} days`;
  const open = openIntervalsBetween(
    (b.weeklyHours ?? {}) as WeeklyHours,
    b.timezone,
    start,
    end,
    closedDatesOf(b.closedDates),
  );
  if (!open.some(([a, z]) => a <= start && z >= end)) return 'the business is closed then';
  const busy = await ctx.calendar.busy(b.id, { from: new Date(start).toISOString(), to: new Date(end).toISOString() });
  if (busy?.some((x) => Date.parse(x.start) < end && Date.parse(x.end) > start)) return 'that time is already taken';
  return null;
}

/** The Realtime tools, executed against the business's real setup. Bad arguments go back to the model as errors. */
export async function runTool(
  ctx: AppContext,
  callId: string,
  name: string,
  rawArgs: unknown,
): Promise<ToolCallResult> {
  const call = await ctx.db.call.findUnique({ where: { id: callId }, include: { business: true } });
  if (!call) return { output: { error: 'call not found' } };
  const b = call.business;
  switch (name) {
    case 'end_call':
      return { output: { ok: true }, action: 'hangup_after_playback' };

    case 'opt_out': {
      // Written before the model speaks again: the opt-out holds even if the call drops mid-goodbye.
      const done = await ctx.campaignCalls.optOut(callId);
      return {
        output: done
          ? { ok: true, instruction: 'They will not be called again. Say one short, polite goodbye.' }
          : { ok: false, instruction: 'Apologise, say goodbye, and end the call.' },
        action: 'hangup_after_playback',
      };
    }

    case 'transfer_to_human': {
      const open = isOpenAt(b.weeklyHours as WeeklyHours, b.timezone, new Date(), closedDatesOf(b.closedDates));
      // The owner's escalation rule: transfers out of hours only when they said so.
      const allowed = open || !escalationRulesOf(b.escalationRules).transferDuringHoursOnly;
      if (!allowed || !b.forwardingNumber || !ctx.telephony) {
        return {
          output: {
            transferred: false,
            reason: allowed ? 'nobody can take calls right now' : 'the business is closed',
            instruction: 'Offer to take a message: name, number, and what it is about. Someone will call back.',
          },
        };
      }
      // The transfer is an outbound leg we pay for: the dial policy, caps and a reservation first. Its
      // minutes are held on this call (released when its final status charges it), and the leg cannot
      // outlast them (Dial timeLimit): the metering the relay did ends with the transfer.
      const guard = await authorizeDial(
        ctx.db,
        { businessId: b.id, to: b.forwardingNumber, kind: 'transfer', maxMinutes: PLATFORM_LIMITS.transferMinutes },
        { graceDays: ctx.config.BILLING_GRACE_DAYS, billingOn: Boolean(ctx.config.STRIPE_SECRET_KEY) },
      );
      const held = guard.ok
        ? await ctx.db.$transaction(async (tx) => {
            const s = await reserveSeconds(tx, b.id, guard.minutes * 60);
            if (s)
              await tx.$executeRaw`update "Call" set "reservedSeconds" = "reservedSeconds" + ${s} where "id" = ${call.id}::uuid`;
            return s;
          })
        : 0;
      if (!held) {
        ctx.log.warn({ callId, reason: guard.ok ? 'no minutes' : guard.reason }, 'transfer refused');
        return {
          output: {
            transferred: false,
            reason: 'nobody can take calls right now',
            instruction: 'Offer to take a message: name, number, and what it is about. Someone will call back.',
          },
        };
      }
      const base = ctx.config.PUBLIC_BASE_URL;
      await ctx.telephony.updateCall(
        call.twilioCallSid,
        twiml.forward({
          to: b.forwardingNumber,
          callerId: call.direction === 'inbound' ? (call.from ?? undefined) : undefined,
          actionUrl: `${base}/twilio/fallback?callId=${call.id}`,
          timeLimitSeconds: held,
          preamble: 'Connecting you now.',
        }),
      );
      return { output: { transferred: true }, action: 'transfer' };
    }

    case 'check_availability': {
      const args = availabilityArgs.safeParse(rawArgs);
      if (!args.success) return { output: { error: 'from and to must be ISO 8601 date-times with an offset' } };
      const busy = await ctx.calendar.busy(b.id, args.data);
      if (!busy)
        return {
          output: {
            calendar: 'not connected',
            instruction: 'Ask for the preferred day and time; the team will confirm.',
          },
        };
      const from = Date.parse(args.data.from);
      const to = Date.parse(args.data.to);
      const open = openIntervalsBetween(
        (b.weeklyHours ?? {}) as WeeklyHours,
        b.timezone,
        from,
        to,
        closedDatesOf(b.closedDates),
      );
      const slots = freeSlots({
        open,
        busy,
        from,
        to,
        notBefore: Date.now(),
        timezone: b.timezone,
        slotMinutes: APPOINTMENT_MINUTES,
      });
      return {
        output: {
          timezone: b.timezone,
          slotMinutes: APPOINTMENT_MINUTES,
          slots,
          ...(slots.length ? {} : { instruction: 'Nothing is free then; ask about another day.' }),
        },
      };
    }

    case 'book_appointment': {
      const args = bookingArgs.safeParse(rawArgs);
      if (!args.success) return { output: { error: 'start must be an ISO 8601 date-time with an offset' } };
      const start = new Date(args.data.start);
      const minutes = args.data.durationMinutes ?? APPOINTMENT_MINUTES;
      // The caller drives this tool: only a free slot inside opening hours, not in the past, within the horizon.
      const refusal = await bookingRefusal(ctx, b, start.getTime(), minutes);
      if (refusal)
        return {
          output: { booked: false, reason: refusal, instruction: 'Use check_availability and offer a free time.' },
        };
      // Always kept on the call: the lead's preferred time comes from here even without a calendar.
      await ctx.db.call.update({ where: { id: call.id }, data: { requestedStart: start } });
      const booked = await ctx.calendar.book(b.id, {
        callId: call.id,
        start: args.data.start,
        durationMinutes: minutes,
        // The model writes it from what the caller said: caller text, cleaned before it reaches a calendar.
        summary: cleanUntrusted(args.data.summary ?? '', 200) || `Appointment with ${b.name}`,
      });
      if (!booked)
        return {
          output: {
            booked: false,
            noted: true,
            instruction: 'Tell the caller the time is noted and the team will confirm it.',
          },
        };
      return { output: { booked: true, start: args.data.start } };
    }

    default:
      return { output: { error: `unknown tool ${name}` } };
  }
}
