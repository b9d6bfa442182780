import { describe, expect, it } from 'vitest';
import { PlaybackMarks } from '../../../server/calls/relay/playback-marks.ts';
import { PreOpenQueue } from '../../../server/calls/relay/pre-open-queue.ts';
import {
  audioAppendMessage,
  base64ByteLength,
  isFatalRealtimeError,
} from '../../../server/calls/relay/realtime-protocol.ts';
import { ToolTurns } from '../../../server/calls/relay/tool-turns.ts';
import {
  parseTwilioMessage,
  twilioClearMessage,
  twilioMarkMessage,
  twilioMediaMessage,
} from '../../../server/calls/relay/twilio-protocol.ts';

describe('twilio protocol', () => {
  it('parses the documented start message, keeping only string custom parameters', () => {
    const msg = parseTwilioMessage(
      JSON.stringify({
        event: 'start',
        sequenceNumber: '1',
        streamSid: 'MZ1',
        start: {
          accountSid: 'AC1',
          streamSid: 'MZ1',
          callSid: 'CA1',
          tracks: ['inbound'],
          customParameters: { callId: 'c1', n: 5 },
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      }),
    );
    expect(msg).toMatchObject({
      event: 'start',
      start: { callSid: 'CA1', streamSid: 'MZ1', customParameters: { callId: 'c1' } },
    });
    expect((msg as { start: { customParameters: object } }).start.customParameters).toEqual({ callId: 'c1' });
  });

  it('rejects malformed frames instead of throwing', () => {
    expect(parseTwilioMessage('not json')).toBeNull();
    expect(parseTwilioMessage('[1]')).toBeNull();
    expect(parseTwilioMessage('{"event":"media","media":{}}')).toBeNull();
    expect(parseTwilioMessage('{"event":"start","start":{"streamSid":"MZ"}}')).toBeNull();
    expect(parseTwilioMessage('{"event":"mark"}')).toBeNull();
    expect(parseTwilioMessage('{"event":"unknown"}')).toBeNull();
  });

  it('builds outbound media / mark / clear exactly as Twilio expects', () => {
    const sid = JSON.stringify('MZ"1');
    expect(JSON.parse(twilioMediaMessage(sid, 'AAEC'))).toEqual({
      event: 'media',
      streamSid: 'MZ"1',
      media: { payload: 'AAEC' },
    });
    expect(JSON.parse(twilioMarkMessage(sid, '7'))).toEqual({ event: 'mark', streamSid: 'MZ"1', mark: { name: '7' } });
    expect(JSON.parse(twilioClearMessage(sid))).toEqual({ event: 'clear', streamSid: 'MZ"1' });
    expect(JSON.parse(audioAppendMessage('AAEC'))).toEqual({ type: 'input_audio_buffer.append', audio: 'AAEC' });
  });
});

describe('realtime protocol', () => {
  it('computes decoded base64 length without decoding', () => {
    for (let n = 0; n < 20; n++) {
      const b64 = Buffer.alloc(n, 7).toString('base64');
      expect(base64ByteLength(b64)).toBe(n);
    }
  });

  it('treats rejected client events as non-fatal, everything else as fatal', () => {
    expect(isFatalRealtimeError({ type: 'invalid_request_error', code: 'invalid_value' })).toBe(false);
    expect(isFatalRealtimeError({ type: 'invalid_request_error', code: 'session_expired' })).toBe(true);
    expect(isFatalRealtimeError({ type: 'server_error', code: null })).toBe(true);
    expect(isFatalRealtimeError(undefined)).toBe(true);
  });
});

describe('PlaybackMarks', () => {
  it('counts only acknowledged bytes of the item now playing', () => {
    const p = new PlaybackMarks();
    const a1 = p.enqueue('a', 160)!;
    p.enqueue('a', 160);
    const b1 = p.enqueue('b', 800)!;
    p.enqueue('b', 800);
    expect(p.outstanding).toBe(4);
    expect(p.outstandingMs()).toBe(240);
    expect(p.played(a1)).toBe(true);
    expect(p.played(b1)).toBe(true); // acknowledges the second 'a' chunk on the way
    expect(p.outstanding).toBe(1);
    expect(p.interrupt()).toEqual({ itemId: 'b', audioEndMs: 100 });
    expect(p.outstanding).toBe(0);
    expect(p.enqueue('b', 160)).toBeNull(); // late audio of the cut item
    expect(p.played('4')).toBe(false); // cleared mark echoed by Twilio
    expect(p.interrupt()).toBeNull();
  });
});

describe('ToolTurns', () => {
  it('asks for a response once the calling response is done and all its calls are answered', () => {
    const t = new ToolTurns();
    expect(t.begin('r1', 'c1')).toBe(true);
    expect(t.begin('r1', 'c2')).toBe(true);
    expect(t.begin('r1', 'c1')).toBe(false);
    expect(t.answered('r1')).toBe(false);
    expect(t.responseDone('r1')).toBe(false);
    expect(t.answered('r1')).toBe(true);
    expect(t.responseDone('r2')).toBe(false); // no tool calls in r2
  });
});

describe('PreOpenQueue', () => {
  it('drops the oldest frames past capacity', () => {
    const q = new PreOpenQueue(2);
    for (const f of ['a', 'b', 'c']) q.push(f);
    expect(q.drain()).toEqual(['b', 'c']);
    expect({ queued: q.queued, dropped: q.dropped, size: q.size }).toEqual({ queued: 3, dropped: 1, size: 0 });
  });
});
