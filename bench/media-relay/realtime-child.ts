/**
 * Bench child process: the lean fake Realtime API over TLS (lean-realtime.ts), echoing every ECHO_BATCH
 * appended frames back as one audio delta with the newest frame's send time and its own receive/send times
 * in the first 24 bytes, so the load generator can subtract the fake server's time and attribute the rest
 * to the two hops through the relay. It samples itself like the call carriers do (child-sampler.ts).
 */
import { answerSamples } from './child-sampler.ts';
import { startLeanRealtime } from './lean-realtime.ts';

const server = await startLeanRealtime(Number(process.env.ECHO_BATCH ?? '1'));
answerSamples(() => 0);
process.send!({ type: 'ready', baseURL: server.baseURL, ca: server.ca, apiKey: server.apiKey });
