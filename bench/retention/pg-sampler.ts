/**
 * Where the CPU goes, per bench phase: every PostgreSQL process of the bench's own server (read from
 * /proc, so it only works with the database on this machine), classed by pg_stat_activity as the sweep's
 * backend, the app's backends (the webhook), the bench's own, autovacuum and the rest of PostgreSQL's
 * background; plus the app process and the sweep process. Also counts what the app's active backends were
 * waiting on when sampled (lock waits on rows the sweep touches would show here).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
  } catch {
    return undefined;
  }
}

export type CpuClass = 'sweep backend' | 'app backends' | 'autovacuum' | 'pg background' | 'bench backends';

export interface PhaseUsage {
  /** CPU ms by class, and for the app and sweep processes. */
  cpu: Record<string, number>;
  /** Samples of the app's active backends by wait event ('cpu' = not waiting). */
  waits: Record<string, number>;
  ms: number;
}

export function pgSampler(o: { dbUrl: string; processes: Record<string, number>; sweepPid: () => number | undefined }) {
  const client = new pg.Client({ connectionString: o.dbUrl, application_name: 'bench-sampler' });
  const last = new Map<number, number>();
  const phases = new Map<string, PhaseUsage>();
  let phase = 'setup';
  let phaseStart = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let busy = false;

  const usage = (p: string) => {
    let u = phases.get(p);
    if (!u) phases.set(p, (u = { cpu: {}, waits: {}, ms: 0 }));
    return u;
  };
  const charge = (pid: number, cls: string) => {
    const t = ticksOf(pid);
    if (t === undefined) return;
    const before = last.get(pid);
    last.set(pid, t);
    if (before === undefined || t <= before) return;
    const u = usage(phase);
    u.cpu[cls] = (u.cpu[cls] ?? 0) + (t - before) * TICK_MS;
  };

  async function sample() {
    if (busy) return;
    busy = true;
    try {
      const rows = (
        await client.query<{
          pid: number;
          backend_type: string;
          application_name: string;
          state: string;
          wait: string;
        }>(
          `select pid, backend_type, application_name, coalesce(state, '') as state,
             coalesce(wait_event_type || ':' || wait_event, 'cpu') as wait from pg_stat_activity`,
        )
      ).rows;
      const sweep = o.sweepPid();
      const u = usage(phase);
      for (const r of rows) {
        let cls: CpuClass;
        if (r.pid === sweep) cls = 'sweep backend';
        else if (r.backend_type === 'autovacuum worker') cls = 'autovacuum';
        else if (r.backend_type !== 'client backend') cls = 'pg background';
        else if (r.application_name.startsWith('bench')) cls = 'bench backends';
        else cls = 'app backends';
        charge(r.pid, cls);
        if (cls === 'app backends' && r.state === 'active') u.waits[r.wait] = (u.waits[r.wait] ?? 0) + 1;
      }
      for (const [name, pid] of Object.entries(o.processes)) charge(pid, name);
    } finally {
      busy = false;
    }
  }

  return {
    async start() {
      await client.connect();
      await sample();
      timer = setInterval(() => void sample().catch(() => undefined), 200);
    },
    /** Charges what was used so far to the phase that ends, and starts `next`. */
    async mark(next: string) {
      await sample();
      usage(phase).ms += performance.now() - phaseStart;
      phase = next;
      phaseStart = performance.now();
    },
    processes: o.processes,
    phases,
    async stop() {
      clearInterval(timer);
      await this.mark('end');
      await client.end();
    },
  };
}
