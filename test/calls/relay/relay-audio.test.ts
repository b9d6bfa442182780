import { afterEach, describe, expect, it } from 'vitest';
import { eventually, frame, startHarness, type Harness } from '../../../testkit/relay-harness.ts';

let h: Harness;
afterEach(async () => h?.close());

describe('media relay: session set-up and audio', () => {
  it('opens the Realtime session with the GA session.update, then asks for the greeting', async () => {
    h = await startHarness({
      session: { callId: 'call_42', instructions: 'Be Acme.', greeting: 'Thanks for calling Acme!' },
      openai: { model: 'gpt-realtime', transcriptionModel: 'gpt-4o-mini-transcribe' },
    });
    const call = await h.call({ customParameters: { callId: 'call_42', token: 't0k' } });
    const rt = await h.realtime.connection();
    const update = await rt.waitFor('session.update');
    await rt.waitFor('response.create');

    expect(rt.model).toBe('gpt-realtime');
    expect(h.resolveCalls).toEqual([{ params: { callId: 'call_42', token: 't0k' }, callSid: call.callSid }]);
    expect(update.session).toEqual({
      type: 'realtime',
      model: 'gpt-realtime',
      output_modalities: ['audio'],
      instructions: 'Be Acme.',
      tools: expect.any(Array),
      tool_choice: 'auto',
      audio: {
        input: {
          format: { type: 'audio/pcmu' },
          transcription: { model: 'gpt-4o-mini-transcribe' },
          turn_detection: { type: 'server_vad', create_response: true, interrupt_response: true },
        },
        output: { format: { type: 'audio/pcmu' }, voice: 'marin' },
      },
    });
    expect((update.session as { tools: { name: string }[] }).tools.map((t) => t.name)).toEqual(['end_call']);
    // Order matters: configure, then the greeting item, then the response that speaks it.
    const types = rt.events.map((e) => e.type);
    expect(types.indexOf('session.update')).toBeLessThan(types.indexOf('conversation.item.create'));
    expect(types.indexOf('conversation.item.create')).toBeLessThan(types.indexOf('response.create'));
    const greeting = rt.ofType('conversation.item.create')[0]!.item as { role: string; content: { text: string }[] };
    expect(greeting.role).toBe('system');
    expect(greeting.content[0]!.text).toContain('Thanks for calling Acme!');
  });

  it('is refused by the Realtime server with a wrong API key, and ends with openai_error', async () => {
    h = await startHarness({ openai: { apiKey: 'sk-wrong' } });
    const call = await h.call();
    await expect(call.closed).resolves.toMatchObject({ code: 1000 });
    await eventually(() => h.ends.length === 1, 3000, 'onEnd');
    expect(h.ends).toEqual([{ callId: 'call_1', reason: 'openai_error' }]);
    expect(h.realtime.rejected).toEqual([{ status: 401, url: '/v1/realtime?model=gpt-realtime' }]);
  });

  it('relays caller audio byte-exact to input_audio_buffer.append, in order', async () => {
    h = await startHarness();
    const call = await h.call();
    const rt = await h.realtime.connection();
    await rt.waitFor('session.update');
    const frames = Array.from({ length: 50 }, (_, i) => frame(i));
    for (const f of frames) call.sendMedia(f);
    await eventually(() => rt.ofType('input_audio_buffer.append').length === 50, 3000, '50 appends');
    const sent = rt.ofType('input_audio_buffer.append').map((e) => Buffer.from(e.audio as string, 'base64'));
    expect(Buffer.concat(sent).equals(Buffer.concat(frames))).toBe(true);
    expect((await h.connection()).stats().framesToOpenAI).toBe(50);
  });

  it('relays assistant audio byte-exact to Twilio media with the stream SID, each chunk followed by a mark', async () => {
    h = await startHarness();
    const call = await h.call({ playback: 'manual' });
    const rt = await h.realtime.connection();
    await rt.waitFor('session.update');
    // Odd sizes on purpose: the relay must not re-chunk or pad.
    const chunks = [frame(1, 800), frame(2, 3), frame(3, 1601)];
    for (const c of chunks) rt.sendAudio(c.toString('base64'), 'item_a');
    await call.waitForMedia(3);
    await eventually(() => call.heldMarks === 3, 3000, 'three marks');
    expect(call.receivedAudio().equals(Buffer.concat(chunks))).toBe(true);
    expect(call.received.map((m) => m.event)).toEqual(['media', 'mark', 'media', 'mark', 'media', 'mark']);
    for (const m of call.received) expect(m.streamSid).toBe(call.streamSid);
    expect((await h.connection()).stats()).toMatchObject({ framesToTwilio: 3, marksSent: 3, marksPlayed: 0 });
    call.playMarks();
    await eventually(() => h.connections[0]!.stats().marksPlayed === 3, 3000, 'marks played');
  });

  it('queues caller audio that arrives before the session is ready, then flushes it in order after session.update', async () => {
    h = await startHarness({ resolveDelayMs: 300 });
    const call = await h.call();
    const frames = Array.from({ length: 10 }, (_, i) => frame(100 + i));
    for (const f of frames) call.sendMedia(f);
    const rt = await h.realtime.connection();
    await eventually(() => rt.ofType('input_audio_buffer.append').length === 10, 3000, 'flushed appends');
    const types = rt.events.map((e) => e.type);
    expect(types.indexOf('session.update')).toBeLessThan(types.indexOf('input_audio_buffer.append'));
    const sent = rt.ofType('input_audio_buffer.append').map((e) => Buffer.from(e.audio as string, 'base64'));
    expect(Buffer.concat(sent).equals(Buffer.concat(frames))).toBe(true);
    expect((await h.connection()).stats()).toMatchObject({ preOpenQueued: 10, preOpenDropped: 0, framesToOpenAI: 10 });
  });

  it('keeps only the newest frames when the pre-open queue overflows', async () => {
    h = await startHarness({ resolveDelayMs: 300, limits: { preOpenQueueFrames: 4 } });
    const call = await h.call();
    const frames = Array.from({ length: 10 }, (_, i) => frame(200 + i));
    for (const f of frames) call.sendMedia(f);
    const rt = await h.realtime.connection();
    await eventually(() => rt.ofType('input_audio_buffer.append').length === 4, 3000, 'flushed appends');
    await new Promise((r) => setTimeout(r, 50));
    const sent = rt.ofType('input_audio_buffer.append').map((e) => Buffer.from(e.audio as string, 'base64'));
    expect(Buffer.concat(sent).equals(Buffer.concat(frames.slice(6)))).toBe(true);
    expect(h.connections[0]!.stats()).toMatchObject({ preOpenQueued: 10, preOpenDropped: 6 });
  });

  it('closes a stream whose session cannot be resolved, without onEnd and without a Realtime session', async () => {
    h = await startHarness({ session: null });
    const call = await h.call();
    await call.closed;
    expect(await (await h.connection()).done).toBeNull();
    expect(h.ends).toEqual([]);
    await eventually(() => h.realtime.connections.every((c) => !c.isOpen), 3000, 'realtime closed');
  });

  it('closes a socket that never sends start', async () => {
    h = await startHarness({ limits: { startTimeoutMs: 100 } });
    const call = await h.call({ start: false });
    await call.closed;
    expect(await (await h.connection()).done).toBeNull();
    expect(h.realtime.connections).toHaveLength(0);
    expect(h.activeCalls()).toBe(0);
  });
});
