/**
 * The HubSpot stand-in in a process of its own, driven over IPC by run.ts. HubSpot is a remote service:
 * parsing and storing 100-input batches must not take CPU from the worker being measured, as it would if
 * both shared one event loop.
 */
import { startHubspotStandin, type StandinOptions } from '../../testkit/hubspot-standin.ts';

/** Its arrival times count from here; sent as epoch ms so the parent can put them on its own clock. */
const born = performance.timeOrigin + performance.now();
const standin = await startHubspotStandin(JSON.parse(process.env.STANDIN_OPTIONS!) as StandinOptions);

type Call = { id: number; method: 'seed' | 'stats' | 'contacts' | 'calls' | 'present'; args: unknown[] };
const methods: Record<Call['method'], (...args: never[]) => unknown> = {
  seed: (list: Record<string, string>[], hubId: number) => standin.seed(list, hubId),
  stats: () => standin.stats(),
  contacts: (hubId: number) => standin.contacts(hubId),
  calls: (hubId: number) => standin.calls(hubId),
  /** Cheap poll for the latency loop: how many calls, and whether a contact has this phone. */
  present: (hubId: number, phone: string) => ({
    calls: standin.calls(hubId).length,
    contact: standin.contacts(hubId).some((c) => c.properties.phone === phone),
  }),
};
process.on('message', (msg: Call) => {
  process.send!({ id: msg.id, result: (methods[msg.method] as (...a: unknown[]) => unknown)(...msg.args) });
});
process.on('disconnect', () => void standin.stop().then(() => process.exit(0)));
process.send!({ ready: standin.url, born });
