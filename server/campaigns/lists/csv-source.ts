/**
 * A CSV upload read as a stream: bytes → UTF-8 text (invalid bytes refuse the file rather than becoming
 * U+FFFD) → csv-parse records. Nothing holds the whole body in memory. Parser errors become 400
 * problem+json naming the line.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CsvError, parse } from 'csv-parse';
import { badRequest, Problem } from '../../http/problem.ts';

/** The longest record accepted (a runaway quote would otherwise read the rest of the file as one field). */
const MAX_RECORD_BYTES = 64 * 1024;

function utf8Text(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    decodeStrings: true,
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(badRequest('The file is not valid UTF-8 text; save it as "CSV UTF-8"'));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(badRequest('The file is not valid UTF-8 text; save it as "CSV UTF-8"'));
      }
    },
  });
}

function csvProblem(err: CsvError & { lines?: number }) {
  const line = typeof err.lines === 'number' ? err.lines : undefined;
  const what =
    err.code === 'CSV_MAX_RECORD_SIZE'
      ? `a record longer than ${MAX_RECORD_BYTES} bytes (an unclosed quote?)`
      : err.message.replace(/^Invalid (Opening|Closing) Quote: /, '').slice(0, 200);
  return badRequest(`The CSV is malformed${line ? ` at line ${line}` : ''}: ${what}`, {
    line: line ?? null,
    code: err.code,
  });
}

export interface CsvSource {
  records: AsyncIterable<string[]>;
  /** Stops reading: the rest of the body is discarded so the answer can still be sent on this connection. */
  stop(): void;
}

export function csvRecords(req: Readable): CsvSource {
  const text = utf8Text();
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  text.on('error', (e) => parser.destroy(e));
  // The parser may fail before anyone iterates (a small file is read while the transaction starts): the
  // error stays on the stream (`errored`) and the iterator below throws it; this only keeps it from being
  // an unhandled 'error' event.
  parser.on('error', () => {});
  req.pipe(text).pipe(parser);
  async function* records() {
    try {
      for await (const rec of parser) yield rec as string[];
    } catch (e) {
      const err = e as CsvError;
      if (typeof err?.code === 'string' && err.code.startsWith('CSV_')) throw csvProblem(err);
      throw e;
    }
  }
  return {
    records: records(),
    stop() {
      req.unpipe(text);
      text.destroy();
      parser.destroy();
      // A request must still be read to its end for the answer to go out on the same connection.
      if ('socket' in req) req.resume();
      else req.destroy();
    },
  };
}

/**
 * Writes the upload to a private temporary file at the speed it arrives. The server gives a whole request
 * HTTP_REQUEST_TIMEOUT_MS (30 s) to arrive; reading a big list straight into the database would stretch
 * the upload over the whole import and run into that deadline. Spooled, the request is in within seconds
 * and the import then reads the file at its own pace (the answer has no deadline). More than `maxBytes`
 * is 413 and nothing is kept.
 */
export async function spoolUpload(req: IncomingMessage, maxBytes: number) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'leadline-list-'));
  const file = path.join(dir, 'upload.csv');
  const remove = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        return done(
          new Problem(
            413,
            'too-large',
            'Payload too large',
            `A list file may be at most ${Math.floor(maxBytes / 1e6)} MB`,
          ),
        );
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, cap, createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    await remove();
    if (e instanceof Problem) {
      req.resume();
      throw e;
    }
    throw badRequest('The upload was interrupted');
  }
  return { file, bytes, remove };
}
