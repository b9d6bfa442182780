/**
 * The relay's side of the Twilio stream that plays the assistant: each audio chunk goes out as `media`
 * then a `mark` (in one socket write, see senders.ts), marks coming back tell how much the caller heard,
 * and a barge-in sends `clear` and says where to truncate. The accounting of marks is playback-marks.ts.
 */
import type { WebSocket } from 'ws';
import { TwilioMediaEncoder } from './media-bytes.ts';
import { PlaybackMarks, type Interruption } from './playback-marks.ts';
import { base64ByteLength } from './realtime-protocol.ts';
import { tickBatchedSender, type Send } from './senders.ts';
import { twilioClearMessage, twilioMarkMessage, twilioMediaMessage } from './twilio-protocol.ts';

export class TwilioPlayback {
  private readonly send: Send;
  private readonly marks = new PlaybackMarks();
  private streamSidJson = '""';
  private encoder: TwilioMediaEncoder | null = null;
  readonly counts = { framesToTwilio: 0, marksSent: 0, marksPlayed: 0 };

  constructor(twilio: WebSocket) {
    this.send = tickBatchedSender(twilio);
  }

  /** The stream is known (Twilio's `start`): from now on messages carry its SID. */
  begin(streamSid: string): void {
    this.streamSidJson = JSON.stringify(streamSid);
    this.encoder = new TwilioMediaEncoder(this.streamSidJson);
  }

  /** Sends one assistant chunk and its mark; false when the caller already interrupted this item (dropped). */
  play(itemId: string, deltaBase64: string): boolean {
    const mark = this.marks.enqueue(itemId, base64ByteLength(deltaBase64));
    if (mark === null) return false;
    this.send(this.encoder?.encode(deltaBase64) ?? twilioMediaMessage(this.streamSidJson, deltaBase64));
    this.send(twilioMarkMessage(this.streamSidJson, mark));
    this.counts.framesToTwilio++;
    this.counts.marksSent++;
    return true;
  }

  /** Twilio echoed a mark: the audio before it has been heard. */
  markPlayed(name: string): void {
    if (this.marks.played(name)) this.counts.marksPlayed++;
  }

  /** The caller spoke over the assistant: clears Twilio's buffer and says what to truncate, if anything played. */
  interrupt(): Interruption | null {
    const cut = this.marks.interrupt();
    if (cut) this.send(twilioClearMessage(this.streamSidJson));
    return cut;
  }

  /** Chunks sent whose mark has not come back. */
  get outstanding(): number {
    return this.marks.outstanding;
  }

  outstandingMs(): number {
    return this.marks.outstandingMs();
  }
}
