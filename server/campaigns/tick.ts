/**
 * The dialler's tick, one graphile-worker job per running campaign (one pending at a time: its job key).
 * Each tick claims the targets that may be dialled now and queues one `campaign.dial` job per target in
 * the same transaction, then queues the next tick. While the business's campaign dials for the day are used
 * up it claims nothing and looks again every IDLE_DELAY_MS: the campaign goes on when the counter resets.
 * No process keeps a timer: a killed worker's tick is run by another, and any number of workers share the
 * dial jobs.
 */
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { dailyLimitResetsAt } from './daily-limit.ts';
import { queueTick } from './service.ts';
import { openZones } from './window.ts';

/** Most dials queued by one tick; ticks come every second while there is work. */
const MAX_CLAIM = 100;
const BUSY_DELAY_MS = 1_000;
/** Windows open but nothing due yet (retries waiting out their spacing). */
const WAIT_DELAY_MS = 5_000;
/** Every window closed. */
const IDLE_DELAY_MS = 30_000;

export interface TickResult {
  status: 'stopped' | 'completed' | 'running';
  claimed: number;
  nextAt: Date | null;
  /** The business's campaign dials for the day are used up (PLATFORM_LIMITS): nothing claimed until then. */
  dailyLimitResetsAt?: Date;
}

/**
 * Claims eligible targets: pending, due, in a zone whose window is open now, no more than the campaign's
 * concurrency and per-minute pacing leave room for. `FOR UPDATE SKIP LOCKED` keeps two ticks (a slow one
 * and its successor) from claiming the same row.
 */
export async function claimTargets(
  tx: Tx,
  c: { id: string; maxConcurrent: number; callsPerMinute: number },
  zones: string[],
  now: Date,
): Promise<{ claimed: { id: string; attempts: number }[]; full: boolean }> {
  const [load] = await tx.$queryRaw<{ inflight: number; recent: number }[]>`
    select (select count(*)::int from "CampaignTarget" where "campaignId" = ${c.id}::uuid and "state" = 'dialling') as "inflight",
           (select count(*)::int from "CampaignDial" where "campaignId" = ${c.id}::uuid and "createdAt" > ${new Date(now.getTime() - 60_000)}) as "recent"`;
  const room = Math.min(c.maxConcurrent - load!.inflight, c.callsPerMinute - load!.recent, MAX_CLAIM);
  if (room <= 0 || !zones.length) return { claimed: [], full: room <= 0 };
  // The claim and its dial jobs in one statement; the payload is `campaign.dial`'s in the catalogue, which the
  // worker parses before the handler runs.
  const claimed = await tx.$queryRaw<{ id: string; attempts: number }[]>`
    with due as (
      select "id" from "CampaignTarget"
      where "campaignId" = ${c.id}::uuid and "state" = 'pending' and "nextAttemptAt" <= ${now} and "timeZone" = any(${zones}::text[])
      order by "nextAttemptAt" limit ${room} for update skip locked
    ), claimed as (
      update "CampaignTarget" t set "state" = 'dialling', "updatedAt" = ${now} from due where t."id" = due."id"
      returning t."id", t."attempts"
    )
    select k."id", k."attempts", graphile_worker.add_job(
      identifier => 'campaign.dial',
      payload => json_build_object('targetId', k."id", 'attempt', k."attempts" + 1),
      max_attempts => 3,
      job_key => 'campaign-dial:' || k."id" || ':' || (k."attempts" + 1),
      job_key_mode => 'preserve_run_at'
    ) is not null as "queued"
    from claimed k`;
  return { claimed, full: false };
}

export async function runTick(ctx: AppContext, campaignId: string, opts: { now?: Date } = {}): Promise<TickResult> {
  const now = opts.now ?? new Date();
  return ctx.db.$transaction(async (tx) => {
    // The row lock orders a tick after a pause, cancel or another tick that got there first.
    const rows = await tx.$queryRaw<
      {
        id: string;
        businessId: string;
        maxConcurrent: number;
        callsPerMinute: number;
        windowStartMinute: number;
        windowEndMinute: number;
        days: number[];
      }[]
    >`select "id", "businessId", "maxConcurrent", "callsPerMinute", "windowStartMinute", "windowEndMinute", "days"
      from "Campaign" where "id" = ${campaignId}::uuid and "status" = 'running' for update`;
    const c = rows[0];
    if (!c) return { status: 'stopped', claimed: 0, nextAt: null };
    const zoneRows = await tx.$queryRaw<{ timeZone: string }[]>`
      select distinct "timeZone" from "CampaignTarget" where "campaignId" = ${c.id}::uuid and "state" = 'pending'`;
    const capped = zoneRows.length ? await dailyLimitResetsAt(tx, c.businessId) : null;
    const zones = capped
      ? []
      : openZones(
          now,
          zoneRows.map((z) => z.timeZone),
          c,
        );
    const { claimed, full } = await claimTargets(tx, c, zones, now);
    if (!zoneRows.length) {
      const [{ dialling }] = (await tx.$queryRaw<{ dialling: number }[]>`
        select count(*)::int as "dialling" from "CampaignTarget" where "campaignId" = ${c.id}::uuid and "state" = 'dialling'`) as [
        { dialling: number },
      ];
      if (dialling === 0 && claimed.length === 0) {
        await tx.campaign.update({ where: { id: c.id }, data: { status: 'completed', finishedAt: now } });
        return { status: 'completed', claimed: 0, nextAt: null };
      }
    }
    const nextAt = new Date(
      Date.now() + (claimed.length || full ? BUSY_DELAY_MS : zones.length ? WAIT_DELAY_MS : IDLE_DELAY_MS),
    );
    await queueTick(tx, c.id, nextAt);
    return { status: 'running', claimed: claimed.length, nextAt, ...(capped ? { dailyLimitResetsAt: capped } : {}) };
  });
}
