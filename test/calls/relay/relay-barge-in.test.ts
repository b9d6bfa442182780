import { afterEach, describe, expect, it } from 'vitest';
import { eventually, frame, startHarness, type Harness } from '../../../testkit/relay-harness.ts';

let h: Harness;
afterEach(async () => h?.close());

async function setUp() {
  h = await startHarness();
  const call = await h.call({ playback: 'manual' });
  const rt = await h.realtime.connection();
  await rt.waitFor('session.update');
  return { call, rt, relay: await h.connection() };
}

describe('media relay: barge-in', () => {
  it('clears Twilio and truncates the item at the audio actually played (from acknowledged marks)', async () => {
    const { call, rt, relay } = await setUp();
    for (let i = 0; i < 5; i++) rt.sendAudio(frame(i).toString('base64'), 'item_a'); // 5 × 20 ms
    await eventually(() => call.heldMarks === 5, 3000, 'five marks');
    call.playMarks(3); // Twilio played 60 ms
    await eventually(() => relay.stats().marksPlayed === 3, 3000, 'three acks');

    rt.speechStarted('item_user_1');
    await call.waitFor('clear');
    const truncate = await rt.waitFor('conversation.item.truncate');
    expect(truncate).toMatchObject({
      type: 'conversation.item.truncate',
      item_id: 'item_a',
      content_index: 0,
      audio_end_ms: 60,
    });
    expect(call.received.at(-1)).toEqual({ event: 'clear', streamSid: call.streamSid });

    // Twilio returns the marks of the cleared audio; they must not count as played.
    await eventually(() => call.echoedMarks.length === 5, 3000, 'cleared marks echoed');
    await new Promise((r) => setTimeout(r, 50));
    expect(relay.stats()).toMatchObject({ marksPlayed: 3, bargeIns: 1 });

    // Late audio of the interrupted item is dropped; the next item plays.
    const mediaBefore = call.mediaPayloads.length;
    rt.sendAudio(frame(9).toString('base64'), 'item_a');
    rt.sendAudio(frame(10).toString('base64'), 'item_b');
    await call.waitForMedia(mediaBefore + 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(call.mediaPayloads.slice(mediaBefore)).toEqual([frame(10).toString('base64')]);
  });

  it('measures audio_end_ms within the item now playing when an earlier item finished', async () => {
    const { call, rt } = await setUp();
    rt.sendAudio(frame(1, 400).toString('base64'), 'item_a'); // 50 ms
    rt.sendAudio(frame(2, 400).toString('base64'), 'item_a'); // 50 ms
    rt.sendAudio(frame(3, 400).toString('base64'), 'item_b'); // 50 ms, heard
    rt.sendAudio(frame(4, 400).toString('base64'), 'item_b');
    rt.sendAudio(frame(5, 400).toString('base64'), 'item_b');
    await eventually(() => call.heldMarks === 5, 3000, 'five marks');
    call.playMarks(3);
    await eventually(() => h.connections[0]!.stats().marksPlayed === 3, 3000, 'acks');
    rt.speechStarted();
    const truncate = await rt.waitFor('conversation.item.truncate');
    expect(truncate).toMatchObject({ item_id: 'item_b', audio_end_ms: 50 });
  });

  it('truncates at 0 ms when nothing of the item was played yet', async () => {
    const { call, rt } = await setUp();
    rt.sendAudio(frame(1).toString('base64'), 'item_a');
    await eventually(() => call.heldMarks === 1, 3000, 'mark');
    rt.speechStarted();
    expect(await rt.waitFor('conversation.item.truncate')).toMatchObject({ item_id: 'item_a', audio_end_ms: 0 });
  });

  it('does nothing when the caller speaks while no assistant audio is pending', async () => {
    const { call, rt, relay } = await setUp();
    rt.sendAudio(frame(1).toString('base64'), 'item_a');
    await eventually(() => call.heldMarks === 1, 3000, 'mark');
    call.playMarks();
    await eventually(() => relay.stats().marksPlayed === 1, 3000, 'ack');
    rt.speechStarted();
    call.sendMedia(frame(7)); // something after the event so we know it was processed
    await eventually(() => rt.ofType('input_audio_buffer.append').length === 1, 3000, 'append');
    await new Promise((r) => setTimeout(r, 50));
    expect(call.received.some((m) => m.event === 'clear')).toBe(false);
    expect(rt.ofType('conversation.item.truncate')).toEqual([]);
    expect(relay.stats().bargeIns).toBe(0);
  });
});
