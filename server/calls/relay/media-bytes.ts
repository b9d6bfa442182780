/**
 * The per-frame messages handled on raw bytes instead of parsed and re-serialised JSON. Caller audio is 50
 * frames/s per call, and with short assistant deltas the media + mark traffic back is as frequent: decoding
 * to strings, slicing, escaping and encoding again costs more than copying the payload bytes, and allocates
 * enough to make garbage collection pauses the relay's main source of delay. A Buffer also lets `ws` frame
 * (and, towards Realtime, mask) a message into a single buffer, i.e. one socket write.
 *
 * Every function here accepts only Twilio's/Realtime's usual layout and returns undefined for anything
 * else, so the caller falls back to the full JSON parser. A raw `"payload":"` or `"name":"` cannot occur
 * inside another JSON string (its quotes would be escaped); a value containing a backslash (an escaped `/`,
 * legal JSON) is left to the parser, so the bytes copied are always the value's own characters.
 */

const MEDIA_PREFIX = Buffer.from('{"event":"media"');
const PAYLOAD_KEY = Buffer.from('"payload":"');
const OUTBOUND_TRACK = Buffer.from('"track":"outbound"');
const MARK_PREFIX = Buffer.from('{"event":"mark"');
const MARK_NAME_KEY = Buffer.from('"mark":{"name":"');
const APPEND_HEAD = Buffer.from('{"type":"input_audio_buffer.append","audio":"');
const APPEND_TAIL = Buffer.from('"}');
const MEDIA_TAIL = Buffer.from('"}}');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Only these characters go out unescaped; anything else takes the JSON.stringify path. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  if (buf.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix[i]) return false;
  return true;
}

/** [start, end) of the string value after `key`, or null when absent or holding an escape. */
function stringValue(buf: Buffer, key: Buffer, from: number): [number, number] | null {
  const at = buf.indexOf(key, from);
  if (at < 0) return null;
  const start = at + key.length;
  const end = buf.indexOf(QUOTE, start);
  if (end < 0) return null;
  const backslash = buf.indexOf(BACKSLASH, start);
  if (backslash >= 0 && backslash < end) return null;
  return [start, end];
}

/**
 * The `input_audio_buffer.append` message for a Twilio media frame, byte for byte what
 * `audioAppendMessage(payload)` gives; null for an outbound-track frame (ignored by the relay).
 */
export function appendMessageFromTwilioFrame(frame: Buffer): Buffer | null | undefined {
  if (!startsWith(frame, MEDIA_PREFIX)) return undefined;
  const payload = stringValue(frame, PAYLOAD_KEY, MEDIA_PREFIX.length);
  if (!payload) return undefined;
  if (frame.indexOf(OUTBOUND_TRACK) >= 0) return null;
  const [start, end] = payload;
  const out = Buffer.allocUnsafe(APPEND_HEAD.length + (end - start) + APPEND_TAIL.length);
  out.set(APPEND_HEAD, 0);
  // A byte loop: `subarray` or `copy` would allocate a view object per frame.
  let at = APPEND_HEAD.length;
  for (let i = start; i < end; i++) out[at++] = frame[i]!;
  out.set(APPEND_TAIL, at);
  return out;
}

/** The name of a Twilio `mark` message (the playback acknowledgement), without JSON.parse. */
export function markNameFromTwilioFrame(frame: Buffer): string | undefined {
  if (!startsWith(frame, MARK_PREFIX)) return undefined;
  const name = stringValue(frame, MARK_NAME_KEY, MARK_PREFIX.length);
  return name ? frame.toString('utf8', name[0], name[1]) : undefined;
}

/**
 * Builds Twilio `media` messages for one stream. Same text as `twilioMediaMessage`, written straight into
 * a Buffer: the delta is ASCII base64, so no escaping pass and no intermediate strings.
 */
export class TwilioMediaEncoder {
  private readonly head: Buffer;

  /** `streamSidJson` is `JSON.stringify(streamSid)`. */
  constructor(streamSidJson: string) {
    this.head = Buffer.from('{"event":"media","streamSid":' + streamSidJson + ',"media":{"payload":"');
  }

  /** undefined when the payload is not plain base64 (then use twilioMediaMessage, which escapes). */
  encode(payloadBase64: string): Buffer | undefined {
    if (!BASE64.test(payloadBase64)) return undefined;
    const out = Buffer.allocUnsafe(this.head.length + payloadBase64.length + MEDIA_TAIL.length);
    out.set(this.head, 0);
    out.write(payloadBase64, this.head.length, 'latin1');
    out.set(MEDIA_TAIL, this.head.length + payloadBase64.length);
    return out;
  }
}
