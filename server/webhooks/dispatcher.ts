import type { AppContext } from '../context.ts';
import { sqlOf } from '../db/client.ts';
import { keepTrying, retryDelayMs } from './retry-policy.ts';
import { createResolver, type Resolve, type SendResult, sendWebhook } from './send.ts';
import { openSigningSecret, signedHeaders } from './signing.ts';
import { notifyEndpointDisabled } from './disable-notice.ts';

/**
 * Claims due deliveries for this process. Every process runs the same statement against the same rows:
 * a delivery is taken by setting `lockedUntil` (a lease that outlives nothing but the request), and a
 * concurrent claimer re-checks that under the row lock, so no two processes send one delivery at once.
 * An endpoint with `perEndpoint` requests in flight (a slow one) is skipped, so its backlog never takes
 * the slots healthy endpoints need.
 */
const CLAIM = `
with busy as (
  select "endpointId", count(*)::int as n from "WebhookDelivery"
  where "lockedUntil" > now() and "status" = 'pending' group by "endpointId"
), cand as (
  select d."id", d."endpointId", d."nextAttemptAt" from "WebhookDelivery" d
  where d."status" = 'pending' and d."nextAttemptAt" <= now()
    and (d."lockedUntil" is null or d."lockedUntil" <= now())
    and not exists (select 1 from busy b where b."endpointId" = d."endpointId" and b.n >= $2)
    and exists (select 1 from "WebhookEndpoint" e where e."id" = d."endpointId" and e."disabledAt" is null)
  order by d."nextAttemptAt" limit $1 * 4
), ranked as (
  select c."id", c."nextAttemptAt",
    row_number() over (partition by c."endpointId" order by c."nextAttemptAt", c."id") + coalesce(b.n, 0) as slot
  from cand c left join busy b on b."endpointId" = c."endpointId"
), picked as (
  select "id" from ranked where slot <= $2 order by "nextAttemptAt" limit $1
), claimed as (
  update "WebhookDelivery" d set "lockedUntil" = now() + make_interval(secs => $3::double precision / 1000)
  from picked p
  where d."id" = p."id" and d."status" = 'pending' and (d."lockedUntil" is null or d."lockedUntil" <= now())
  returning d."id", d."eventId", d."endpointId", d."attempts"
)
select c."id", c."eventId", c."endpointId", c."attempts", ev."payload", ev."createdAt" as "eventCreatedAt",
  e."url", e."secretEnc", e."previousSecretEnc", e."previousSecretUntil", e."includeTranscript"
from claimed c join "WebhookEvent" ev on ev."id" = c."eventId" join "WebhookEndpoint" e on e."id" = c."endpointId"`;

interface Claimed {
  id: string;
  eventId: string;
  endpointId: string;
  attempts: number;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  eventCreatedAt: Date;
  url: string;
  secretEnc: string;
  previousSecretEnc: string | null;
  previousSecretUntil: Date | null;
  includeTranscript: boolean;
}

const RECORD = `
with d as (
  update "WebhookDelivery" set "status" = $7, "attempts" = "attempts" + 1, "lockedUntil" = null, "updatedAt" = now(),
    "deliveredAt" = case when $7 = 'delivered' then now() else "deliveredAt" end,
    "nextAttemptAt" = case when $7 = 'pending' then now() + make_interval(secs => $8::double precision / 1000) else "nextAttemptAt" end
  where "id" = $1::uuid returning "attempts"
), a as (
  insert into "WebhookAttempt" ("id", "deliveryId", "endpointId", "attempt", "ok", "responseStatus", "responseBody", "error", "latencyMs")
  select gen_random_uuid(), $1::uuid, $2::uuid, d."attempts", $3, $4, $5, $6, $9 from d
)
update "WebhookEndpoint" set
  "failingSince" = case when $3 then null else coalesce("failingSince", now()) end
where "id" = $2::uuid and ("failingSince" is null) <> $3
returning "failingSince"`;

/** Disables an endpoint that has failed without one success for the configured days; true for the one caller that did. */
const DISABLE = `
update "WebhookEndpoint" set "disabledAt" = now(), "updatedAt" = now(),
  "disabledReason" = 'every delivery failed for ' || $2::text || ' days'
where "id" = $1::uuid and "disabledAt" is null
  and "failingSince" <= now() - make_interval(secs => $2::double precision * 86400)
returning "id"`;

export interface DispatcherOptions {
  resolve?: Resolve;
  /** How often to look for due deliveries when nothing woke the loop. */
  pollMs?: number;
  concurrency?: number;
  /** Requests in flight per endpoint, across the process (and, approximately, across processes). */
  perEndpoint?: number;
}

export interface Dispatcher {
  /** Look for due deliveries now (after an emit in this process, or in tests). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * The webhook sender of one worker process: a loop that claims due deliveries, sends each (signed, to a
 * checked and pinned address) and records the outcome. It keeps no state a restart would lose: a killed
 * process's claims expire and another process sends them again, with the same webhook-id.
 */
export function startWebhookDispatcher(ctx: AppContext, opts: DispatcherOptions = {}): Dispatcher {
  const pool = sqlOf(ctx.db);
  const cfg = ctx.config;
  const resolve = opts.resolve ?? createResolver(cfg.WEBHOOKS_DNS_SERVERS);
  const concurrency = opts.concurrency ?? cfg.WEBHOOK_CONCURRENCY;
  const perEndpoint = opts.perEndpoint ?? 4;
  const pollMs = opts.pollMs ?? 100;
  const leaseMs = cfg.WEBHOOK_TIMEOUT_MS + 30_000;
  let running = true;
  let inFlight = 0;
  let backlog = false;
  let active = false;
  let soon: NodeJS.Timeout | null = null;
  let wakeUp: (() => void) | null = null;
  const idle = new Set<() => void>();

  const wake = () => {
    const w = wakeUp;
    wakeUp = null;
    w?.();
  };

  async function deliver(c: Claimed): Promise<void> {
    const now = new Date();
    let result: SendResult;
    try {
      const secrets = [openSigningSecret(cfg, c.endpointId, c.secretEnc)];
      if (c.previousSecretEnc && c.previousSecretUntil && c.previousSecretUntil > now)
        secrets.push(openSigningSecret(cfg, c.endpointId, c.previousSecretEnc, 'previousSecret'));
      const payload =
        c.includeTranscript || !('transcript' in c.payload.data)
          ? c.payload
          : { ...c.payload, data: { ...c.payload.data, transcript: undefined } };
      const body = JSON.stringify(payload);
      result = await sendWebhook({
        url: c.url,
        headers: signedHeaders(secrets, c.eventId, body, now),
        body,
        timeoutMs: cfg.WEBHOOK_TIMEOUT_MS,
        allowLoopback: cfg.WEBHOOKS_ALLOW_LOOPBACK,
        requireHttps: cfg.NODE_ENV === 'production',
        resolve,
      });
    } catch (err) {
      result = { ok: false, status: null, body: null, error: (err as Error).message, latencyMs: 0, sent: false };
    }
    const status = result.ok ? 'delivered' : keepTrying(c.eventCreatedAt, new Date()) ? 'pending' : 'failed';
    const { rows } = await pool.query<{ failingSince: Date | null }>(RECORD, [
      c.id,
      c.endpointId,
      result.ok,
      result.status,
      result.body,
      result.error?.slice(0, 500) ?? null,
      status,
      retryDelayMs(c.attempts + 1, Math.random()),
      result.latencyMs,
    ]);
    if (!result.ok && rows.length === 0) {
      // Already failing before this attempt: has it been failing long enough to switch the endpoint off?
      const off = await pool.query(DISABLE, [c.endpointId, String(cfg.WEBHOOK_DISABLE_AFTER_DAYS)]);
      if (off.rowCount) await notifyEndpointDisabled(ctx, c.endpointId);
    }
  }

  async function loop() {
    while (running) {
      const room = concurrency - inFlight;
      let claimed: Claimed[] = [];
      if (room > 0) {
        try {
          claimed = (await pool.query<Claimed>(CLAIM, [room, perEndpoint, leaseMs])).rows;
        } catch (err) {
          if (running) ctx.log.warn({ err }, 'webhook claim failed');
        }
      }
      backlog = room > 0 && claimed.length === room;
      active = claimed.length > 0 || inFlight > 0;
      for (const c of claimed) {
        inFlight++;
        void deliver(c)
          .catch((err) => ctx.log.error({ err, deliveryId: c.id }, 'webhook delivery could not be recorded'))
          .finally(() => {
            inFlight--;
            // While there is work, a finished request frees a slot (maybe an endpoint's last one): look
            // again soon, batching the finishes of a few milliseconds into one claim.
            if (active && !soon)
              soon = setTimeout(() => {
                soon = null;
                wake();
              }, 5);
            if (inFlight === 0) for (const f of idle) f();
          });
      }
      if (backlog) continue;
      await new Promise<void>((r) => {
        const t = setTimeout(r, pollMs);
        wakeUp = () => {
          clearTimeout(t);
          r();
        };
      });
    }
  }
  const done = loop();

  return {
    wake,
    async stop() {
      running = false;
      if (soon) clearTimeout(soon);
      wake();
      await done;
      if (inFlight > 0) await new Promise<void>((r) => idle.add(r));
    },
  };
}
