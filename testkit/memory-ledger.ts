/**
 * In-memory SyncLedger and RateBudget for connector tests (server/sync has the PostgreSQL ones), plus a
 * SyncContext builder. The budget really enforces rolling-window limits and pauses, through an injectable
 * sleep so nock tests need not wait out a 10 s pause.
 */
import type { ConnectionSettings, ExternalAccount, RateBudget, SyncContext, SyncLedger } from '../connectors/types.ts';

export class MemoryLedger implements SyncLedger {
  readonly rows = new Map<string, string>();
  gets = 0;
  puts = 0;
  async get(kind: string, localId: string): Promise<string | null> {
    this.gets++;
    return this.rows.get(`${kind}\u0000${localId}`) ?? null;
  }
  async getMany(kind: string, localIds: string[]): Promise<Map<string, string>> {
    this.gets++;
    const out = new Map<string, string>();
    for (const id of localIds) {
      const v = this.rows.get(`${kind}\u0000${id}`);
      if (v !== undefined) out.set(id, v);
    }
    return out;
  }
  async put(kind: string, localId: string, externalId: string): Promise<void> {
    this.puts++;
    this.rows.set(`${kind}\u0000${localId}`, externalId);
  }
  /** localId → externalId for one kind. */
  entries(kind: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const [k, v] of this.rows) {
      const [rowKind, localId] = k.split('\u0000');
      if (rowKind === kind && localId !== undefined) out.set(localId, v);
    }
    return out;
  }
}

export interface BucketLimit {
  max: number;
  windowMs: number;
}

export class MemoryBudget implements RateBudget {
  readonly takes: Record<string, number> = {};
  readonly pauses: { bucket: string; ms: number }[] = [];
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly limits: Record<string, BucketLimit>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    opts: { limits?: Record<string, BucketLimit>; sleep?: (ms: number) => Promise<void>; now?: () => number } = {},
  ) {
    this.limits = opts.limits ?? {};
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = opts.now ?? Date.now;
  }

  async take(bucket: string, cost = 1): Promise<void> {
    for (;;) {
      const now = this.now();
      const until = this.pausedUntil.get(bucket) ?? 0;
      if (until > now) {
        await this.sleep(until - now);
        this.pausedUntil.delete(bucket);
        continue;
      }
      const limit = this.limits[bucket];
      if (limit) {
        const times = (this.sent.get(bucket) ?? []).filter((t) => t > now - limit.windowMs);
        this.sent.set(bucket, times);
        if (times.length + cost > limit.max) {
          const oldest = times[0] ?? now;
          await this.sleep(Math.max(1, oldest + limit.windowMs - now));
          continue;
        }
        for (let i = 0; i < cost; i++) times.push(now);
      }
      this.takes[bucket] = (this.takes[bucket] ?? 0) + cost;
      return;
    }
  }

  async pause(bucket: string, ms: number): Promise<void> {
    this.pauses.push({ bucket, ms });
    this.pausedUntil.set(bucket, Math.max(this.pausedUntil.get(bucket) ?? 0, this.now() + ms));
  }
}

export interface MemoryContext extends SyncContext {
  ledger: MemoryLedger;
  budget: MemoryBudget;
  /** How many times a token was asked for with forceRefresh. */
  refreshes: () => number;
}

/** `tokens[0]` is the current token; each forced refresh moves to the next one. */
export function memoryContext(
  opts: {
    tokens?: string[];
    account?: Partial<ExternalAccount>;
    settings?: ConnectionSettings;
    ledger?: MemoryLedger;
    budget?: MemoryBudget;
  } = {},
): MemoryContext {
  const tokens = opts.tokens ?? ['token-1'];
  let index = 0;
  let refreshes = 0;
  return {
    connectionId: 'conn-1',
    account: { id: '12345', name: 'acme.hubspot.com', ownerEmail: 'owner@acme.test', ...opts.account },
    async accessToken(o) {
      if (o?.forceRefresh) {
        refreshes++;
        index = Math.min(index + 1, tokens.length - 1);
      }
      return tokens[index] ?? 'token-1';
    },
    ledger: opts.ledger ?? new MemoryLedger(),
    budget: opts.budget ?? new MemoryBudget({ sleep: async () => {} }),
    settings: opts.settings ?? {},
    refreshes: () => refreshes,
  };
}
