import { afterEach, describe, expect, it } from 'vitest';
import type { EndReason } from '../../../server/calls/relay/index.ts';
import type { FakeRealtimeConnection } from '../../../testkit/fake-realtime.ts';
import type { FakeTwilioCall } from '../../../testkit/fake-twilio-media.ts';
import { eventually, frame, startHarness, type Harness, type HarnessOptions } from '../../../testkit/relay-harness.ts';

let h: Harness;
afterEach(async () => h?.close());

async function live(opts: HarnessOptions = {}) {
  h = await startHarness(opts);
  const call = await h.call();
  const rt = await h.realtime.connection();
  await rt.waitFor('response.create');
  return { call, rt, relay: await h.connection() };
}

/** Both sockets closed, onEnd exactly once with `reason`, nothing left running. */
async function expectEnded(call: FakeTwilioCall, rt: FakeRealtimeConnection | undefined, reason: EndReason) {
  await call.closed;
  if (rt) await rt.closed;
  expect(await h.connections[0]!.done).toBe(reason);
  await new Promise((r) => setTimeout(r, 100)); // a second onEnd would show up here
  expect(h.ends).toEqual([{ callId: 'call_1', reason }]);
  expect(h.activeCalls()).toBe(0);
}

describe('media relay: every way a call ends', () => {
  it('caller hangs up: Twilio stop, then close', async () => {
    const { call, rt } = await live();
    call.stop();
    await expectEnded(call, rt, 'caller_hangup');
  });

  it('Twilio stop without closing: the relay closes the Twilio socket itself', async () => {
    const { call, rt } = await live();
    call.stop(false);
    await expectEnded(call, rt, 'caller_hangup');
  });

  it('Twilio socket drops without a stop', async () => {
    const { call, rt } = await live();
    call.drop();
    await expectEnded(call, rt, 'twilio_stop');
  });

  it('fatal OpenAI error event: onEnd runs while the Twilio socket is still open, then it is closed', async () => {
    let twilioOpenDuringOnEnd: boolean | null = null;
    let call!: FakeTwilioCall;
    const started = await live({ onEnd: async () => void (twilioOpenDuringOnEnd = call.isOpen) });
    call = started.call;
    started.rt.error('server_error', 'internal', 'The server had an error');
    await expectEnded(call, started.rt, 'openai_error');
    expect(twilioOpenDuringOnEnd).toBe(true);
  });

  it('a slow onEnd on openai_error does not hold the Twilio socket open past endHandoffMs', async () => {
    const { call, rt } = await live({
      limits: { endHandoffMs: 100 },
      onEnd: () => new Promise((r) => setTimeout(r, 1000)),
    });
    const started = performance.now();
    rt.error('server_error', 'internal');
    await call.closed;
    expect(performance.now() - started).toBeLessThan(800);
    await eventually(() => h.ends.length === 1, 3000, 'onEnd');
  });

  it('a rejected client event (invalid_request_error) is logged and the call goes on', async () => {
    const { call, rt, relay } = await live();
    rt.error('invalid_request_error', 'invalid_value', 'audio_end_ms is beyond the audio');
    call.sendMedia(frame(1));
    await eventually(() => rt.ofType('input_audio_buffer.append').length === 1, 3000, 'append after error');
    expect(h.ends).toEqual([]);
    expect(h.logs.some((l) => l.level === 'warn' && l.msg === 'realtime request rejected')).toBe(true);
    call.stop();
    await expectEnded(call, rt, 'caller_hangup');
    expect(relay.stats().framesToOpenAI).toBe(1);
  });

  it('OpenAI socket drops', async () => {
    const { call, rt } = await live();
    rt.drop();
    await expectEnded(call, rt, 'openai_error');
  });

  it('OpenAI closes the socket cleanly on its own', async () => {
    const { call, rt } = await live();
    rt.close(1000);
    await expectEnded(call, rt, 'openai_error');
  });

  it('Realtime endpoint unreachable: ends with openai_error', async () => {
    h = await startHarness({ openai: { baseURL: 'https://127.0.0.1:1/v1' } });
    const call = await h.call();
    await expectEnded(call, undefined, 'openai_error');
  });

  it('stop, then drop, then an OpenAI error all at once: still one onEnd', async () => {
    const { call, rt } = await live();
    rt.error('server_error', 'internal');
    call.stop(false);
    call.drop();
    await call.closed;
    await eventually(() => h.ends.length >= 1, 3000, 'onEnd');
    await new Promise((r) => setTimeout(r, 150));
    expect(h.ends).toHaveLength(1);
    await rt.closed;
  });

  it('caller hangs up before the session is resolved: onEnd once the call id is known', async () => {
    h = await startHarness({ resolveDelayMs: 200 });
    const call = await h.call();
    call.stop();
    await expectEnded(call, undefined, 'caller_hangup');
    expect(h.realtime.connections.every((c) => !c.isOpen)).toBe(true);
    // Never configured: the session was over before it was ready.
    expect(h.realtime.connections.flatMap((c) => c.ofType('session.update'))).toEqual([]);
  });

  it('caller hangs up while a transfer tool runs: the reason is transfer', async () => {
    h = await startHarness({
      onToolCall: () => new Promise((r) => setTimeout(() => r({ output: null, action: 'transfer' }), 150)),
    });
    const call = await h.call();
    const rt = await h.realtime.connection();
    await rt.waitFor('response.create');
    rt.functionCall({ name: 'transfer_to_human', args: { reason: 'x' } });
    await eventually(() => h.toolCalls.length === 1, 3000, 'tool call');
    call.stop(); // Twilio drops the stream when the REST redirect lands
    await expectEnded(call, rt, 'transfer');
  });

  it('onEnd comes after every transcript segment was stored', async () => {
    const order: string[] = [];
    const { call, rt } = await live({
      onTranscript: (_id, s) => new Promise((r) => setTimeout(() => (order.push(s.text), r()), 100)),
      onEnd: async () => void order.push('end'),
    });
    rt.callerTranscript('item_c1', 'Hi, my sink is leaking.');
    rt.agentTranscript('item_a1', 'Sorry to hear that.');
    await eventually(() => h.transcripts.length === 1, 3000, 'first transcript started');
    call.stop();
    await expectEnded(call, rt, 'caller_hangup');
    expect(order).toEqual(['Hi, my sink is leaking.', 'Sorry to hear that.', 'end']);
  });
});

describe('media relay: the minutes run out mid-call', () => {
  it('claims a minute at a time; when refused, the assistant is told to wrap up, speaks, and onEnd hands the live call on', async () => {
    let granted = 2;
    const asked: string[] = [];
    let call!: FakeTwilioCall;
    let twilioOpenDuringOnEnd: boolean | null = null;
    const started = await live({
      limits: { meterMs: 100, wrapUpMs: 5_000 },
      onMinute: async (callId) => {
        asked.push(callId);
        return granted-- > 0;
      },
      onEnd: async () => void (twilioOpenDuringOnEnd = call.isOpen),
    });
    call = started.call;
    const note = await started.rt.waitFor(
      'conversation.item.create',
      (e) => (e.item as { role?: string } | undefined)?.role === 'system',
    );
    expect(JSON.stringify(note.item)).toMatch(/minutes have run out.*wrap up/);
    // The wrap-up is a response of its own, asked for after the note; the fake gives it at once.
    await started.rt.waitFor('response.create', (e) => started.rt.events.indexOf(e) > started.rt.events.indexOf(note));
    await expectEnded(call, started.rt, 'out_of_minutes');
    expect(asked).toEqual(['call_1', 'call_1', 'call_1']);
    expect(twilioOpenDuringOnEnd).toBe(true);
  });

  it('never talks over the assistant: a response in progress finishes before the wrap-up is asked for', async () => {
    const started = await live({ limits: { meterMs: 100, wrapUpMs: 5_000 }, onMinute: async () => false });
    started.rt.send({
      type: 'response.created',
      response: { id: 'resp_long', object: 'realtime.response', status: 'in_progress', output: [] },
    });
    await started.rt.waitFor('conversation.item.create');
    const before = started.rt.ofType('response.create').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(started.rt.ofType('response.create')).toHaveLength(before);
    expect(started.call.isOpen).toBe(true);
    started.rt.responseDone('resp_long');
    await started.rt.waitFor('response.create', () => started.rt.ofType('response.create').length > before);
    await expectEnded(started.call, started.rt, 'out_of_minutes');
  });

  it('ends at wrapUpMs even if the wrap-up never completes', async () => {
    const started = await live({ limits: { meterMs: 100, wrapUpMs: 300 }, onMinute: async () => false });
    started.rt.send({
      type: 'response.created',
      response: { id: 'resp_stuck', object: 'realtime.response', status: 'in_progress', output: [] },
    });
    await expectEnded(started.call, started.rt, 'out_of_minutes');
  });
});
