/**
 * What part of the assistant's audio the caller has actually heard: the bookkeeping of playback marks,
 * without I/O (twilio-playback.ts sends the audio, marks and clears this accounts for).
 *
 * Every assistant chunk sent to Twilio is followed by a `mark`; Twilio echoes a mark when the audio before
 * it has finished playing (and, after a `clear`, echoes the marks of the discarded audio too — those names
 * are no longer pending here, so they are ignored). The acknowledged bytes of the item now playing give
 * `audio_end_ms` for `conversation.item.truncate` on barge-in.
 */
import { PCMU_BYTES_PER_MS } from './realtime-protocol.ts';

interface PendingChunk {
  name: string;
  itemId: string;
  bytes: number;
}

export interface Interruption {
  itemId: string;
  audioEndMs: number;
}

export class PlaybackMarks {
  private pending: PendingChunk[] = [];
  private nextMark = 1;
  private playedItemId: string | null = null;
  private playedBytes = 0;
  private pendingBytes = 0;
  /** Items cut by a barge-in: late deltas for them are dropped instead of played. */
  private readonly cutItems = new Set<string>();

  /**
   * Registers a chunk about to be sent. Returns the mark name to send after it, or null when the chunk
   * belongs to an item the caller already interrupted (drop it).
   */
  enqueue(itemId: string, bytes: number): string | null {
    if (this.cutItems.has(itemId)) return null;
    const name = String(this.nextMark++);
    this.pending.push({ name, itemId, bytes });
    this.pendingBytes += bytes;
    return name;
  }

  /** Twilio played everything up to this mark. Returns false for unknown (e.g. cleared) marks. */
  played(name: string): boolean {
    const index = this.pending.findIndex((c) => c.name === name);
    if (index < 0) return false;
    for (let i = 0; i <= index; i++) {
      const chunk = this.pending[i]!;
      if (chunk.itemId !== this.playedItemId) {
        this.playedItemId = chunk.itemId;
        this.playedBytes = 0;
      }
      this.playedBytes += chunk.bytes;
      this.pendingBytes -= chunk.bytes;
    }
    this.pending.splice(0, index + 1);
    return true;
  }

  /** Marks sent and not yet acknowledged. */
  get outstanding(): number {
    return this.pending.length;
  }

  /** Milliseconds of assistant audio sent but not yet played. */
  outstandingMs(): number {
    return Math.ceil(this.pendingBytes / PCMU_BYTES_PER_MS);
  }

  /**
   * The caller started speaking. When assistant audio is still unplayed, forgets it and returns the item
   * to truncate and how much of it was heard; otherwise null (nothing to cut).
   */
  interrupt(): Interruption | null {
    const first = this.pending[0];
    if (!first) return null;
    const heardBytes = this.playedItemId === first.itemId ? this.playedBytes : 0;
    for (const chunk of this.pending) this.cutItems.add(chunk.itemId);
    this.pending = [];
    this.pendingBytes = 0;
    return { itemId: first.itemId, audioEndMs: Math.floor(heardBytes / PCMU_BYTES_PER_MS) };
  }
}
