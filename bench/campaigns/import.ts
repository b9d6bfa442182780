/**
 * Lead-list import (#19): BENCH_ROWS (100,000) rows uploaded as one streamed text/csv body to the real app
 * in its own process (bench/http/target.ts, embedded PostgreSQL): wall time of the request and the
 * server process's peak RSS (VmHWM) before and after. Rows are realistic: a name, a number spread over
 * many US area codes and exchanges (so the time-zone lookup is not served by a handful of prefixes), an
 * e-mail on most rows, a custom field, 1 % duplicates and 1 % bad numbers.
 *
 *   node --import tsx bench/campaigns/import.ts
 * Goal (from the brief): 100,000 rows in one request, constant memory (the body is never held whole).
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { startChild } from '../lib/server.ts';
import { machine } from '../lib/machine.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const AREAS = [201, 212, 305, 312, 415, 503, 512, 602, 617, 702, 713, 801, 919, 206, 303, 404, 480, 614, 720, 615];

const peakRss = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(s)![1]) / 1024;
};
const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function* csv() {
  yield 'Name,Phone,Email,Source\n';
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const j = Math.floor(i / AREAS.length);
    const phoneOf = (k: number) =>
      `(${AREAS[k % AREAS.length]}) ${200 + (Math.floor(k / AREAS.length) % 800)}-${String(Math.floor(k / AREAS.length / 800) * 97).padStart(4, '0')}`;
    let phone = phoneOf(i);
    if (i % 100 === 37) phone = '12345';
    if (i % 100 === 73) phone = phoneOf(i - 1);
    void j;
    const email = i % 5 === 0 ? '' : `person${i}@example.com`;
    chunk += `Person ${i},${phone},${email},fair-${i % 12}\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const target = await startChild('bench/http/target.ts', {});
const { url, token, businessId } = target.info as Record<string, string>;
const pid = target.child.pid!;
try {
  const before = { rss: rss(pid), peak: peakRss(pid) };
  const q = new URLSearchParams({
    name: 'Bench list',
    defaultCountry: 'US',
    consentBasis: 'express',
    phoneColumn: 'Phone',
    nameColumn: 'Name',
    emailColumn: 'Email',
    customColumn: 'Source',
  });
  const t = performance.now();
  const res = await fetch(`${url}/api/v1/businesses/${businessId}/lead-lists?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: Readable.toWeb(Readable.from(csv(), { objectMode: false })) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const body = (await res.json()) as Record<string, unknown>;
  const seconds = (performance.now() - t) / 1000;
  const after = { rss: rss(pid), peak: peakRss(pid) };
  if (res.status !== 201) throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  const line =
    `| lead-list import, ${ROWS.toLocaleString('en-US')} rows in one streamed request (#19) | ${seconds.toFixed(1)} s ` +
    `(${Math.round(ROWS / seconds).toLocaleString('en-US')} rows/s; accepted ${body.acceptedCount}, duplicates ${body.duplicateCount}, ` +
    `refused ${body.rejectedCount}); server peak RSS ${after.peak.toFixed(0)} MB (${before.peak.toFixed(0)} MB before the upload, ` +
    `+${(after.peak - before.peak).toFixed(0)} MB) |`;
  console.log(line);
  console.log(`Machine: ${machine()}`);
} finally {
  await target.stop();
}
