/**
 * Twilio's side of campaign dials, for tests and benches: one dialler cycle on an injected clock (the tick,
 * then each claimed dial as the worker would run it), and the signed callbacks Twilio sends for a call it
 * was asked to create (status, asynchronous machine detection), to the URLs it was given.
 */
import type { AppContext } from '../server/context.ts';
import { dialTarget, type DialResult } from '../server/campaigns/dial.ts';
import { runTick, type TickResult } from '../server/campaigns/tick.ts';
import type { CreatedCall } from './twilio-rest-standin.ts';
import { PUBLIC_BASE, postTwilio } from './twilio.ts';

/** One tick at `now`, then every target it claimed dialled at `now` (in parallel, as workers would). */
export async function dialCycle(
  ctx: AppContext,
  campaignId: string,
  now: Date,
): Promise<{ tick: TickResult; dials: DialResult[] }> {
  const tick = await runTick(ctx, campaignId, { now });
  // Claimed targets whose attempt has no dial yet: the dial jobs the tick queued.
  const claimed = await ctx.db.$queryRaw<{ id: string; attempts: number }[]>`
    select t."id", t."attempts" from "CampaignTarget" t
    where t."campaignId" = ${campaignId}::uuid and t."state" = 'dialling'
      and not exists (select 1 from "CampaignDial" d where d."targetId" = t."id" and d."attempt" = t."attempts" + 1)
      and not exists (select 1 from "CampaignDial" d where d."targetId" = t."id" and d."attempt" = t."attempts"
                      and d."status" in ('recorded', 'placed') and d."seconds" is null and d."outcome" is null)`;
  // A few at a time, as a worker's concurrency would run them (each holds a pooled connection).
  const dials: DialResult[] = [];
  for (let i = 0; i < claimed.length; i += 4)
    dials.push(
      ...(await Promise.all(claimed.slice(i, i + 4).map((t) => dialTarget(ctx, t.id, t.attempts + 1, { now })))),
    );
  return { tick, dials };
}

const pathOf = (url: string) => {
  if (!url.startsWith(PUBLIC_BASE)) throw new Error(`not one of our URLs: ${url}`);
  return url.slice(PUBLIC_BASE.length);
};

/** Twilio's status callback for `c` (signed), e.g. `completed` with a duration, `no-answer`, `busy`. */
export const sendStatus = (
  appUrl: string,
  c: CreatedCall,
  status: string,
  extra: { duration?: number; answeredBy?: string } = {},
) =>
  postTwilio(appUrl, pathOf(c.params.StatusCallback!), {
    CallSid: c.sid,
    CallStatus: status,
    ...(extra.duration !== undefined ? { CallDuration: String(extra.duration) } : {}),
    ...(extra.answeredBy ? { AnsweredBy: extra.answeredBy } : {}),
  });

/** Twilio's asynchronous machine-detection verdict for `c`, to the AsyncAmdStatusCallback it was given. */
export const sendAmd = (appUrl: string, c: CreatedCall, answeredBy: string) =>
  postTwilio(appUrl, pathOf(c.params.AsyncAmdStatusCallback!), { CallSid: c.sid, AnsweredBy: answeredBy });

/** The dial id Twilio was handed in the call's URLs. */
export const dialIdOf = (c: CreatedCall) => new URL(c.params.StatusCallback!).searchParams.get('dialId')!;
