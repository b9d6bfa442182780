/**
 * Bench child process: the lean fake Realtime API over TLS (lean-realtime.ts), echoing every ECHO_BATCH
 * appended frames back as one audio delta with the newest frame's send time and its own receive/send times
 * in the first 24 bytes, so the load generator can subtract the fake server's time and attribute the rest
 * to the two hops through the relay.
 */
import { startLeanRealtime } from './lean-realtime.ts';

const server = await startLeanRealtime(Number(process.env.ECHO_BATCH ?? '1'));
process.send!({ type: 'ready', baseURL: server.baseURL, ca: server.ca, apiKey: server.apiKey });
let cpuStart = process.cpuUsage();
let wallStart = performance.now();
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'mark') {
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
  } else if (msg.type === 'sample') {
    const cpu = process.cpuUsage(cpuStart);
    process.send!({ type: 'sample', cpuPercent: ((cpu.user + cpu.system) / 1000 / (performance.now() - wallStart)) * 100 });
  }
});
process.on('disconnect', () => process.exit(0));
