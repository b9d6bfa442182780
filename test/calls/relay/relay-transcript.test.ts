import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../../../testkit/relay-harness.ts';

let h: Harness;
afterEach(async () => h?.close());

describe('media relay: transcript', () => {
  it('delivers each segment as it completes, while the call is still live', async () => {
    h = await startHarness({ session: { callId: 'call_t' } });
    const call = await h.call();
    const rt = await h.realtime.connection();
    await rt.waitFor('response.create');

    const before = new Date();
    rt.agentTranscript('item_a1', ' Thanks for calling Acme Plumbing, how can I help? ');
    await eventually(() => h.transcripts.length === 1, 3000, 'agent segment');
    expect(h.transcripts[0]).toEqual({
      callId: 'call_t',
      segment: {
        speaker: 'agent',
        text: 'Thanks for calling Acme Plumbing, how can I help?',
        itemId: 'item_a1',
        at: expect.any(Date),
      },
    });
    expect(h.transcripts[0]!.segment.at.getTime()).toBeGreaterThanOrEqual(before.getTime());

    rt.callerTranscript('item_c1', 'My water heater is leaking.');
    await eventually(() => h.transcripts.length === 2, 3000, 'caller segment');
    expect(h.transcripts[1]!.segment).toMatchObject({
      speaker: 'caller',
      text: 'My water heater is leaking.',
      itemId: 'item_c1',
    });
    expect(call.isOpen).toBe(true);
    expect(h.ends).toEqual([]);
  });

  it('keeps completion order even when storing one segment is slow, and skips empty ones', async () => {
    const stored: string[] = [];
    h = await startHarness({
      onTranscript: async (_id, s) => {
        await new Promise((r) => setTimeout(r, s.text.startsWith('slow') ? 120 : 0));
        stored.push(s.text);
      },
    });
    await h.call();
    const rt = await h.realtime.connection();
    await rt.waitFor('response.create');
    rt.callerTranscript('i1', 'slow first');
    rt.callerTranscript('i2', '   ');
    rt.agentTranscript('i3', 'fast second');
    await eventually(() => stored.length === 2, 3000, 'two stored');
    expect(stored).toEqual(['slow first', 'fast second']);
    expect(h.connections[0]!.stats().transcriptSegments).toBe(2);
  });

  it('a failing onTranscript is logged and does not end the call', async () => {
    h = await startHarness({ onTranscript: async () => Promise.reject(new Error('db down')) });
    const call = await h.call();
    const rt = await h.realtime.connection();
    await rt.waitFor('response.create');
    rt.callerTranscript('i1', 'hello');
    await eventually(() => h.logs.some((l) => l.msg === 'onTranscript failed'), 3000, 'error log');
    expect(call.isOpen).toBe(true);
    expect(h.ends).toEqual([]);
  });
});
