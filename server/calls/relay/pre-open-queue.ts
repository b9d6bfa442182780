/**
 * Caller audio that arrives before the Realtime session is ready (the socket is still connecting or the
 * session is being resolved). Bounded: when full, the oldest frame goes, because voice activity detection
 * needs the most recent audio and a caller who talked over the first seconds will be asked again anyway.
 */
export class PreOpenQueue<T> {
  private frames: T[] = [];
  private readonly capacity: number;
  dropped = 0;
  queued = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.floor(capacity));
  }

  push(frame: T): void {
    this.queued++;
    if (this.capacity === 0) {
      this.dropped++;
      return;
    }
    if (this.frames.length >= this.capacity) {
      this.frames.shift();
      this.dropped++;
    }
    this.frames.push(frame);
  }

  /** Returns the queued frames in arrival order and empties the queue. */
  drain(): T[] {
    const frames = this.frames;
    this.frames = [];
    return frames;
  }

  get size(): number {
    return this.frames.length;
  }
}
