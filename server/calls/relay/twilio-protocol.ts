/**
 * Twilio Media Streams WebSocket messages (bidirectional `<Connect><Stream>`), as documented at
 * https://www.twilio.com/docs/voice/media-streams/websocket-messages. Audio is always μ-law 8 kHz mono,
 * base64 in `media.payload`, which is exactly the Realtime API's `audio/pcmu`, so payloads are never decoded.
 * The per-frame messages (media, mark) are normally handled on bytes by media-bytes.ts; this parser is the
 * fallback for them and the only path for the rest.
 */

export interface TwilioStartInfo {
  streamSid: string;
  accountSid: string;
  callSid: string;
  tracks: string[];
  /** The `<Parameter name value>`s of the `<Stream>` noun. */
  customParameters: Record<string, string>;
  mediaFormat?: { encoding: string; sampleRate: number; channels: number };
}

export type TwilioInbound =
  | { event: 'connected'; protocol: string; version: string }
  | { event: 'start'; sequenceNumber: string; streamSid: string; start: TwilioStartInfo }
  | {
      event: 'media';
      sequenceNumber: string;
      streamSid: string;
      media: { track: string; chunk: string; timestamp: string; payload: string };
    }
  | { event: 'mark'; sequenceNumber: string; streamSid: string; mark: { name: string } }
  | { event: 'dtmf'; sequenceNumber: string; streamSid: string; dtmf: { track: string; digit: string } }
  | { event: 'stop'; sequenceNumber: string; streamSid: string; stop: { accountSid: string; callSid: string } };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses one text frame from Twilio. Returns null for anything that is not a message this relay can act on
 * (malformed JSON, unknown event, missing fields), so one bad frame never tears down a call.
 */
export function parseTwilioMessage(text: string): TwilioInbound | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(msg)) return null;
  switch (msg.event) {
    case 'media':
      return isRecord(msg.media) && typeof msg.media.payload === 'string' ? (msg as TwilioInbound) : null;
    case 'mark':
      return isRecord(msg.mark) && typeof msg.mark.name === 'string' ? (msg as TwilioInbound) : null;
    case 'start': {
      const start = msg.start;
      if (!isRecord(start) || typeof start.streamSid !== 'string' || typeof start.callSid !== 'string') return null;
      const params = isRecord(start.customParameters) ? start.customParameters : {};
      const customParameters: Record<string, string> = {};
      for (const [k, v] of Object.entries(params)) if (typeof v === 'string') customParameters[k] = v;
      return {
        ...(msg as TwilioInbound & { event: 'start' }),
        start: { ...(start as unknown as TwilioStartInfo), customParameters },
      };
    }
    case 'stop':
    case 'connected':
      return msg as TwilioInbound;
    case 'dtmf':
      return isRecord(msg.dtmf) ? (msg as TwilioInbound) : null;
    default:
      return null;
  }
}

/*
 * Outbound messages are built as strings: the only variable parts are an already-JSON-encoded stream SID
 * and a base64 string or mark name. (Media normally goes out through TwilioMediaEncoder in media-bytes.ts;
 * this is its fallback and its reference.)
 */

/** `streamSidJson` is `JSON.stringify(streamSid)`, computed once per call. */
export function twilioMediaMessage(streamSidJson: string, payloadBase64: string): string {
  return (
    '{"event":"media","streamSid":' + streamSidJson + ',"media":{"payload":' + JSON.stringify(payloadBase64) + '}}'
  );
}

export function twilioMarkMessage(streamSidJson: string, name: string): string {
  return '{"event":"mark","streamSid":' + streamSidJson + ',"mark":{"name":' + JSON.stringify(name) + '}}';
}

export function twilioClearMessage(streamSidJson: string): string {
  return '{"event":"clear","streamSid":' + streamSidJson + '}';
}
