import { afterEach, describe, expect, it } from 'vitest';
import type { ToolCallResult } from '../../../server/calls/relay/index.ts';
import type { ClientEvent, FakeRealtimeConnection } from '../../../testkit/fake-realtime.ts';
import { eventually, frame, startHarness, type Harness } from '../../../testkit/relay-harness.ts';

let h: Harness;
afterEach(async () => h?.close());

async function setUp(
  onToolCall?: (callId: string, name: string, args: unknown) => Promise<ToolCallResult>,
  opts: Parameters<typeof startHarness>[0] = {},
) {
  h = await startHarness({ onToolCall, ...opts });
  const call = await h.call({ playback: 'realtime' });
  const rt = await h.realtime.connection();
  await rt.waitFor('response.create'); // the greeting
  return { call, rt };
}

const outputs = (rt: FakeRealtimeConnection) =>
  rt
    .ofType('conversation.item.create')
    .map((e) => e.item as { type: string; call_id?: string; output?: string })
    .filter((i) => i.type === 'function_call_output');

/** Event types after the greeting's response.create. */
const afterGreeting = (rt: FakeRealtimeConnection) =>
  rt.events.map((e) => e.type).slice(rt.events.findIndex((e) => e.type === 'response.create') + 1);

describe('media relay: tool calls', () => {
  it.each([
    [
      'check_availability',
      { from: '2026-03-10T08:00:00-05:00', to: '2026-03-10T17:00:00-05:00' },
      { slots: ['2026-03-10T09:00:00-05:00'] },
    ],
    [
      'book_appointment',
      { start: '2026-03-10T09:00:00-05:00', durationMinutes: 60, summary: 'Drain cleaning – Ana' },
      { booked: true, eventId: 'ev1' },
    ],
  ])('%s: onToolCall with parsed args, function_call_output, then response.create', async (name, args, output) => {
    const { rt } = await setUp(async () => ({ output }));
    const { callId } = rt.functionCall({ name, args });
    await eventually(() => afterGreeting(rt).includes('response.create'), 3000, 'response.create after tool');
    expect(h.toolCalls).toEqual([{ callId: 'call_1', name, args }]);
    expect(outputs(rt)).toEqual([{ type: 'function_call_output', call_id: callId, output: JSON.stringify(output) }]);
    expect(afterGreeting(rt)).toEqual(['conversation.item.create', 'response.create']);
    expect(h.ends).toEqual([]);
  });

  it('waits for the calling response to be done before response.create when the tool is fast', async () => {
    const { rt } = await setUp(async () => ({ output: { ok: true } }));
    // arguments.done now, response.done only later: response.create must not go out in between.
    rt.send({
      type: 'response.function_call_arguments.done',
      response_id: 'resp_slow',
      item_id: 'it1',
      output_index: 0,
      call_id: 'call_x',
      name: 'check_availability',
      arguments: '{"from":"a","to":"b"}',
    });
    await eventually(() => outputs(rt).length === 1, 3000, 'output');
    await new Promise((r) => setTimeout(r, 50));
    expect(afterGreeting(rt)).toEqual(['conversation.item.create']);
    rt.responseDone('resp_slow', [
      { type: 'function_call', call_id: 'call_x', name: 'check_availability', arguments: '{"from":"a","to":"b"}' },
    ]);
    await eventually(() => afterGreeting(rt).includes('response.create'), 3000, 'response.create');
    expect(h.toolCalls).toHaveLength(1); // listed again in response.done, dispatched once
  });

  it('answers a slow tool after response.done and then continues', async () => {
    const { rt } = await setUp(() => new Promise((r) => setTimeout(() => r({ output: { slots: [] } }), 150)));
    rt.functionCall({ name: 'check_availability', args: { from: 'a', to: 'b' } });
    await new Promise((r) => setTimeout(r, 50));
    expect(afterGreeting(rt)).toEqual([]);
    await eventually(() => afterGreeting(rt).includes('response.create'), 3000, 'response.create');
    expect(afterGreeting(rt)).toEqual(['conversation.item.create', 'response.create']);
  });

  it('picks up a function call listed only in response.done', async () => {
    const { rt } = await setUp(async () => ({ output: 'ok' }));
    const { callId } = rt.functionCall({ name: 'book_appointment', args: { start: 'x' }, skipArgumentsDone: true });
    await eventually(() => afterGreeting(rt).includes('response.create'), 3000, 'response.create');
    expect(h.toolCalls).toEqual([{ callId: 'call_1', name: 'book_appointment', args: { start: 'x' } }]);
    expect(outputs(rt)[0]!.call_id).toBe(callId);
  });

  it('reports a failing tool or unparsable arguments to the model instead of ending the call', async () => {
    const { rt } = await setUp(async () => {
      throw new Error('calendar down');
    });
    rt.functionCall({ name: 'check_availability', args: { from: 'a', to: 'b' } });
    rt.send({
      type: 'response.function_call_arguments.done',
      response_id: 'r2',
      item_id: 'i2',
      output_index: 0,
      call_id: 'c_bad',
      name: 'book_appointment',
      arguments: '{not json',
    });
    rt.responseDone('r2');
    await eventually(() => outputs(rt).length === 2 && rt.ofType('response.create').length === 3, 3000, 'two outputs');
    for (const o of outputs(rt))
      expect(JSON.parse(o.output!)).toEqual({ error: expect.stringContaining('take a message') });
    expect(h.toolCalls).toHaveLength(1); // the unparsable one never reached onToolCall
    expect(h.ends).toEqual([]);
  });

  it('transfer: closes both sockets with reason transfer, no output sent', async () => {
    const { call, rt } = await setUp(async (_id, name) =>
      name === 'transfer_to_human' ? { output: { ok: true }, action: 'transfer' } : { output: null },
    );
    rt.functionCall({ name: 'transfer_to_human', args: { reason: 'wants the owner' } });
    await call.closed;
    await rt.closed;
    await eventually(() => h.ends.length === 1, 3000, 'onEnd');
    expect(h.ends).toEqual([{ callId: 'call_1', reason: 'transfer' }]);
    expect(outputs(rt)).toEqual([]);
    expect(h.toolCalls[0]).toMatchObject({ name: 'transfer_to_human', args: { reason: 'wants the owner' } });
  });

  it('end_call: sends the output, lets the goodbye play out, then hangs up (assistant_end)', async () => {
    const { call, rt } = await setUp(async () => ({ output: { ok: true } }));
    const goodbye = [frame(1, 800), frame(2, 800), frame(3, 800)]; // 3 × 100 ms
    let goodbyeSentAt = 0;
    h.realtime.handle('response.create', (_e: ClientEvent, conn) => {
      for (const chunk of goodbye) conn.sendAudio(chunk.toString('base64'), 'item_bye', 'resp_bye');
      conn.agentTranscript('item_bye', 'Thanks for calling, goodbye!', 'resp_bye');
      conn.responseDone('resp_bye', [{ id: 'item_bye', type: 'message' }]);
      goodbyeSentAt = performance.now();
    });
    rt.functionCall({ name: 'end_call', args: { reason: 'done' } });
    await call.closed;
    const closedAfterMs = performance.now() - goodbyeSentAt;
    expect(closedAfterMs).toBeGreaterThanOrEqual(280); // the 300 ms goodbye played first
    expect(call.receivedAudio().equals(Buffer.concat(goodbye))).toBe(true);
    const markNames = call.received
      .filter((m) => m.event === 'mark')
      .map((m) => (m as { mark: { name: string } }).mark.name);
    expect(call.echoedMarks).toEqual(markNames);
    await rt.closed;
    await eventually(() => h.ends.length === 1, 3000, 'onEnd');
    expect(h.ends).toEqual([{ callId: 'call_1', reason: 'assistant_end' }]);
    expect(outputs(rt)).toHaveLength(1);
    expect(h.transcripts.map((t) => t.segment.text)).toEqual(['Thanks for calling, goodbye!']);
  });

  it('end_call: hangs up anyway when Twilio never acknowledges the goodbye marks', async () => {
    h = await startHarness({ limits: { hangupGraceMs: 100 } });
    const call = await h.call({ playback: 'manual' });
    const rt = await h.realtime.connection();
    await rt.waitFor('response.create');
    h.realtime.handle('response.create', (_e, conn) => {
      conn.sendAudio(frame(1, 800).toString('base64'), 'item_bye', 'resp_bye'); // 100 ms
      conn.responseDone('resp_bye');
    });
    const started = performance.now();
    rt.functionCall({ name: 'end_call', args: {} });
    await call.closed;
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(call.heldMarks).toBe(1);
    await eventually(() => h.ends.length === 1, 3000, 'onEnd');
    expect(h.ends[0]!.reason).toBe('assistant_end');
  });
});
