/**
 * rejected.csv: the refused rows as they were uploaded (under the file's own header), with the row number
 * and reason first, so they can be fixed and uploaded again. Formula-looking cells (`=`, `+`, `-`, `@`, tab,
 * CR) are prefixed with `'` by csv-stringify's `escape_formulas`: a spreadsheet opening the file shows
 * them as text instead of running them.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { StoredReject } from './import.ts';

export async function writeRejectedCsv(out: Writable, headers: string[], rejected: StoredReject[]): Promise<void> {
  const width = Math.max(headers.length, ...rejected.map((r) => r.values.length));
  const head = ['row', 'reason', 'detail', ...headers, ...Array.from({ length: width - headers.length }, () => '')];
  async function* lines() {
    yield head;
    for (const r of rejected) yield [String(r.row), r.reason, r.detail, ...r.values];
  }
  await pipeline(Readable.from(lines()), stringify({ escape_formulas: true, bom: true }), out);
}
