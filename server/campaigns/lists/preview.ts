/**
 * The console's mapping step: the header and the first rows of a file, and a guess at which header is
 * which field. Reads only as far as it needs; the rest of the body is discarded unread. The console sends
 * the first part of the file, so a last row cut in half is expected and ignored.
 */
import type { IncomingMessage } from 'node:http';
import { Problem } from '../../http/problem.ts';
import { csvRecords } from './csv-source.ts';

export const PREVIEW_ROWS = 10;

const GUESSES: [field: string, pattern: RegExp][] = [
  ['phoneColumn', /phone|mobile|cell|tel|number|handy/i],
  ['emailColumn', /e-?mail/i],
  ['companyColumn', /company|firm|organi[sz]ation|business|employer/i],
  ['notesColumn', /note|comment|remark/i],
  ['nameColumn', /name|contact/i],
];

export function suggestColumns(headers: string[]) {
  const out: Record<string, string | null> = {
    phoneColumn: null,
    nameColumn: null,
    emailColumn: null,
    companyColumn: null,
    notesColumn: null,
  };
  const taken = new Set<string>();
  for (const [field, pattern] of GUESSES) {
    const h = headers.find((x) => !taken.has(x) && pattern.test(x));
    if (h) {
      out[field] = h;
      taken.add(h);
    }
  }
  return out as Record<'phoneColumn' | 'nameColumn' | 'emailColumn' | 'companyColumn' | 'notesColumn', string | null>;
}

export async function previewCsv(body: IncomingMessage) {
  const source = csvRecords(body);
  let headers: string[] | null = null;
  const rows: string[][] = [];
  try {
    for await (const rec of source.records) {
      if (!headers) headers = rec.map((h) => h.trim());
      else rows.push(rec);
      if (rows.length >= PREVIEW_ROWS) break;
    }
  } catch (e) {
    // A row cut off by the end of the sample is no fault of the file; a broken header is.
    if (!(e instanceof Problem) || !headers || !rows.length) throw e;
  } finally {
    source.stop();
  }
  if (!headers) throw new Problem(422, 'validation', 'Invalid request', 'The file is empty: it needs a header row');
  return { headers, rows, suggested: suggestColumns(headers) };
}
