import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';

/**
 * Relays a fetched body (a recording from Twilio) to the client through `pipeline()`, so an error on
 * either side ends both streams instead of surfacing as an unhandled 'error' event, which would kill the
 * process and every live call on it. The upstream is aborted when the client goes away, and when it
 * sends nothing for `idleMs` (a stalled upstream never holds a socket for long). Resolves either way;
 * what went wrong is returned for the caller to log.
 */
export async function relayUpstream(
  body: ReadableStream<Uint8Array>,
  res: Response,
  abort: AbortController,
  idleMs: number,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  let reason = 'client went away';
  const onClose = () => {
    if (!res.writableFinished) abort.abort(new Error(reason));
  };
  res.once('close', onClose);
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      reason = `upstream sent nothing for ${idleMs} ms`;
      abort.abort(new Error(reason));
    }, idleMs);
  };
  const watch = new Transform({
    transform(chunk, _enc, done) {
      arm();
      done(null, chunk);
    },
  });
  arm();
  try {
    await pipeline(Readable.fromWeb(body as never), watch, res, { signal: abort.signal });
    return { ok: true };
  } catch (err) {
    if (!abort.signal.aborted) {
      reason = `upstream failed: ${(err as Error)?.message ?? String(err)}`;
      abort.abort(new Error(reason)); // let go of Twilio too, whichever side failed
    }
    // Nothing more can be said to a client that already has part of the audio: it sees a cut stream.
    res.destroy();
    return { ok: false, reason };
  } finally {
    clearTimeout(idle);
    res.off('close', onClose);
  }
}
