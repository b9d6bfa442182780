import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../../../testkit/relay-harness.ts';

let h: Harness;
afterEach(async () => h?.close());

/** Every string value anywhere in the logged objects. */
function loggedStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object') return Object.values(v).flatMap(loggedStrings);
  return [];
}

describe('media relay: what it never logs', () => {
  it('keypad presses: the call goes on, no digit reaches a log line', async () => {
    h = await startHarness();
    const call = await h.call();
    const rt = await h.realtime.connection();
    await rt.waitFor('response.create');
    for (const d of ['4', '1', '1', '7', '#']) call.dtmf(d);
    // A transcript after the presses: once it is delivered, the presses before it were handled.
    rt.callerTranscript('item_after', 'Did that go through?');
    await eventually(() => h.transcripts.length === 1, 3000, 'transcript after the keypad');
    call.stop();
    await eventually(() => h.logs.some((l) => l.msg === 'call relay finished'), 3000, 'relay finished');
    const strings = h.logs.flatMap((l) => loggedStrings(l.obj));
    for (const d of ['4', '1', '7', '#']) expect(strings).not.toContain(d);
    expect(h.logs.flatMap((l) => Object.keys(l.obj))).not.toContain('digit');
  });

  it('unparsable tool arguments: the failure is logged without quoting them', async () => {
    h = await startHarness();
    await h.call();
    const rt = await h.realtime.connection();
    await rt.waitFor('response.create');
    // JSON.parse would quote the start of this text in its error message.
    rt.send({
      type: 'response.function_call_arguments.done',
      response_id: 'r1',
      item_id: 'i1',
      output_index: 0,
      call_id: 'c1',
      name: 'book_appointment',
      arguments: 'card 4111 1111 1111 1111',
    });
    rt.responseDone('r1');
    await eventually(() => h.logs.some((l) => l.msg === 'tool call failed'), 3000, 'failure logged');
    expect(JSON.stringify(h.logs)).not.toContain('4111');
    expect(h.logs.find((l) => l.msg === 'tool call failed')!.obj).toMatchObject({
      tool: 'book_appointment',
      err: expect.stringContaining('not valid JSON'),
    });
  });
});
