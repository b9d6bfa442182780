import { describe, expect, it } from 'vitest';
import {
  appendMessageFromTwilioFrame,
  markNameFromTwilioFrame,
  TwilioMediaEncoder,
} from '../../../server/calls/relay/media-bytes.ts';
import { audioAppendMessage } from '../../../server/calls/relay/realtime-protocol.ts';
import { parseTwilioMessage, twilioMediaMessage } from '../../../server/calls/relay/twilio-protocol.ts';

const bytes = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const media = (m: object) => ({
  event: 'media',
  sequenceNumber: '3',
  media: { track: 'inbound', chunk: '1', timestamp: '5', ...m },
  streamSid: 'MZ1',
});

describe('relay hot path on bytes', () => {
  it('turns a Twilio media frame into the same append message the JSON path builds', () => {
    for (const payload of ['f/+AAA==', '', Buffer.alloc(160, 0x7f).toString('base64')]) {
      const out = appendMessageFromTwilioFrame(bytes(media({ payload })));
      expect(out?.toString()).toBe(audioAppendMessage(payload));
    }
  });

  it('ignores outbound-track frames and leaves anything unusual to the parser', () => {
    expect(appendMessageFromTwilioFrame(bytes(media({ payload: 'AA==', track: 'outbound' })))).toBeNull();
    expect(appendMessageFromTwilioFrame(bytes('{"event":"media","media":{"payload":"f\\/8="}}'))).toBeUndefined(); // escaped slash
    expect(
      appendMessageFromTwilioFrame(bytes('{"sequenceNumber":"3","event":"media","media":{"payload":"AA=="}}')),
    ).toBeUndefined(); // other key order
    expect(appendMessageFromTwilioFrame(bytes('{"event":"media","media":{"payload":"AA=='))).toBeUndefined(); // truncated
    expect(appendMessageFromTwilioFrame(bytes({ event: 'mark', mark: { name: '1' } }))).toBeUndefined();
    expect(appendMessageFromTwilioFrame(bytes(''))).toBeUndefined();
  });

  it('reads the name of a Twilio mark as the parser does', () => {
    const mark = { event: 'mark', sequenceNumber: '4', streamSid: 'MZ1', mark: { name: '17' } };
    expect(markNameFromTwilioFrame(bytes(mark))).toBe('17');
    expect(markNameFromTwilioFrame(bytes(mark))).toBe(
      (parseTwilioMessage(JSON.stringify(mark)) as { mark: { name: string } }).mark.name,
    );
    expect(markNameFromTwilioFrame(bytes({ ...mark, mark: { name: 'é ☎' } }))).toBe('é ☎');
    expect(markNameFromTwilioFrame(bytes({ ...mark, mark: { name: 'a"b' } }))).toBeUndefined(); // escaped quote
    expect(markNameFromTwilioFrame(bytes(media({ payload: 'AA==' })))).toBeUndefined();
    expect(markNameFromTwilioFrame(bytes('{"event":"mark"}'))).toBeUndefined();
  });

  it('encodes outbound media byte for byte like twilioMediaMessage, and declines what needs escaping', () => {
    const sidJson = JSON.stringify('MZ"1');
    const encoder = new TwilioMediaEncoder(sidJson);
    for (const payload of ['AAEC', '', 'f/+AAA==', Buffer.alloc(800, 3).toString('base64')]) {
      expect(encoder.encode(payload)?.toString()).toBe(twilioMediaMessage(sidJson, payload));
    }
    for (const odd of ['a"b', 'ab\\', 'é', 'AA==AA', 'A\n']) expect(encoder.encode(odd)).toBeUndefined();
  });
});
