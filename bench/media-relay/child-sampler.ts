/**
 * The measuring side of a bench child (the relay, a forwarding floor, the fake Realtime server): answers the
 * run's IPC messages (`mark` starts a window, `sample` reports it, `active` counts live calls) with its own
 * CPU time, event-loop delay and GC pauses, so the numbers belong to this process alone.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

export function answerSamples(activeCalls: () => number): void {
  let cpuStart = process.cpuUsage();
  let wallStart = performance.now();
  let eluStart = performance.eventLoopUtilization();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  // GC pauses stop the event loop: reported so a loop-delay spike can be told apart from relay work.
  let gcPauses: number[] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push(entry.duration);
  }).observe({ entryTypes: ['gc'] });

  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'mark') {
      cpuStart = process.cpuUsage();
      wallStart = performance.now();
      eluStart = performance.eventLoopUtilization();
      loopDelay.reset();
      gcPauses = [];
    } else if (msg.type === 'sample') {
      const cpu = process.cpuUsage(cpuStart);
      process.send!({
        type: 'sample',
        wallMs: performance.now() - wallStart,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        elu: performance.eventLoopUtilization(eluStart).utilization,
        loopDelayP50Ms: loopDelay.percentile(50) / 1e6,
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        rssMb: process.memoryUsage().rss / 1048576,
        gcCount: gcPauses.length,
        gcTotalMs: gcPauses.reduce((a, b) => a + b, 0),
        gcMaxMs: Math.max(0, ...gcPauses),
        activeCalls: activeCalls(),
      });
    } else if (msg.type === 'active') {
      process.send!({ type: 'active', activeCalls: activeCalls() });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
