/**
 * SSE subscribers without a browser: one raw HTTP request per stream, in this process, so the server's
 * numbers are its own. Reads the streams list from the JSON file in argv[2]; talks to the driver over IPC.
 * Each stream opens as the widget's does: its token POSTed for a single-use ticket (…/stream-ticket), then
 * the stream with only the ticket in its URL (the token in a URL is refused).
 *   → { type: 'connected', n }           every stream received its first event
 *   ← { type: 'await', events: k }       → { type: 'reached', lastAt, firstAt } when all have k events
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';

interface Stream {
  /** The stream's URL without a query: `…/callbacks/:id/events`. */
  url: string;
  token: string;
}
const { streams, origin } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { streams: Stream[]; origin: string };
const now = () => performance.timeOrigin + performance.now();

const counts = new Uint32Array(streams.length);
const lastAt = new Float64Array(streams.length);
let waiting: { k: number } | null = null;
let errors = 0;

function check() {
  if (!waiting) return;
  const k = waiting.k;
  let first = Infinity;
  let last = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! < k) return;
    first = Math.min(first, lastAt[i]!);
    last = Math.max(last, lastAt[i]!);
  }
  waiting = null;
  process.send!({ type: 'reached', firstAt: first, lastAt: last, errors });
}

/** The stream's URL with a freshly minted ticket (valid 30 s, so minted right before it opens); null if refused. */
async function ticketUrl(s: Stream): Promise<string | null> {
  try {
    const res = await fetch(s.url.replace(/events$/, 'stream-ticket'), {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ token: s.token }),
    });
    const body = (await res.json()) as { ticket?: string };
    return res.status === 201 && body.ticket ? `${s.url}?ticket=${encodeURIComponent(body.ticket)}` : null;
  } catch {
    return null;
  }
}

async function open(i: number): Promise<void> {
  const url = await ticketUrl(streams[i]!);
  if (!url) {
    errors++;
    return;
  }
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, headers: { origin, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        errors++;
        res.resume();
        return resolve();
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        let n = 0;
        for (let p = chunk.indexOf('event: status'); p >= 0; p = chunk.indexOf('event: status', p + 1)) n++;
        if (!n) return;
        counts[i]! += n;
        lastAt[i] = now();
        if (waiting) check();
        resolve(); // first event seen (later calls are no-ops)
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
  });
}

// Ramp up in waves so the listen backlog is never the bottleneck being measured.
const WAVE = 500;
for (let i = 0; i < streams.length; i += WAVE)
  await Promise.all(streams.slice(i, i + WAVE).map((_s, j) => open(i + j)));
process.send!({ type: 'connected', n: streams.length, errors });
process.on('message', (m: { type: string; events: number }) => {
  if (m.type === 'await') {
    waiting = { k: m.events };
    check();
  }
});
