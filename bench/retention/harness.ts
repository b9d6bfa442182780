/** The retention bench's moving parts: load that runs across phases, and the sweep in its own process. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { RetentionReport } from '../../server/privacy/retention.ts';
import { openLoop, type OpenLoopOptions } from '../voice-webhook/open-loop.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Open-loop windows back to back until stopped; each request is counted under the phase that was current
 * when it was due (`mark`), so phases share one stream of load and nothing is lost at a boundary.
 */
export function continuousLoad(options: () => Omit<OpenLoopOptions, 'onSample'>) {
  const marks: { at: number; tag: string }[] = [];
  const samples = new Map<string, number[]>();
  let running: Promise<void> | undefined;
  let stopping = false;
  let errors = 0;
  const phaseAt = (due: number) => {
    let tag = marks[0]?.tag ?? '';
    for (const m of marks) if (m.at <= due) tag = m.tag;
    return tag;
  };
  const mark = (tag: string) => marks.push({ at: performance.now(), tag });
  return {
    mark,
    start(tag: string) {
      mark(tag);
      stopping = false;
      running = (async () => {
        while (!stopping) {
          const w = await openLoop({
            ...options(),
            onSample: (due, ms) => {
              const t = phaseAt(due);
              if (!samples.has(t)) samples.set(t, []);
              samples.get(t)!.push(ms);
            },
          });
          errors += w.errors + w.non2xx;
        }
      })();
    },
    async stop() {
      stopping = true;
      await running;
    },
    get errors() {
      return errors;
    },
    /** p50, p99 and count over the samples of one phase, or of several pooled (`tags`). */
    percentiles(...tags: string[]) {
      const s = tags.flatMap((t) => samples.get(t) ?? []).sort((a, b) => a - b);
      const at = (q: number) => Number((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN).toFixed(1));
      return { p50: at(0.5), p99: at(0.99), n: s.length };
    },
  };
}

export type SweepReport = RetentionReport & { cpuMs: number };

/** bench/retention/sweep-child.ts, ready to sweep; `pids` is its process and its PostgreSQL backend. */
export async function startSweeper(dbUrl: string, batch: number, duty: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'sweep-child.ts')], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: { ...process.env, DATABASE_URL: dbUrl, SWEEP_BATCH: String(batch), SWEEP_DUTY: String(duty) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (prefix: string) => {
    for (;;) {
      const { value, done } = await lines.next();
      if (done) throw new Error(`sweep child ended before ${prefix}`);
      if (value.startsWith(prefix)) return JSON.parse(value.slice(prefix.length));
    }
  };
  const { pid: backend } = (await next('READY ')) as { pid: number };
  return {
    pids: { process: child.pid!, backend },
    async sweep(): Promise<SweepReport> {
      child.stdin!.write('go\n');
      return next('REPORT ');
    },
    async stop() {
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
}
