import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts `entry` (a TS file) in its own Node process and waits for it to print `READY <json>`. */
export async function startChild(
  entry: string,
  env: Record<string, string>,
): Promise<{ info: Record<string, string>; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(root, entry)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buf = '';
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
    child.stdout!.on('data', (d) => {
      buf += String(d);
      const m = buf.match(/READY (\{.*\})/);
      if (m) resolve(JSON.parse(m[1]!));
    });
  });
  return {
    info,
    child,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export function summary(r: {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  non2xx: number;
}) {
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    mean: Number(r.latency.average.toFixed(2)),
    errors: r.errors,
    non2xx: r.non2xx,
  };
}
