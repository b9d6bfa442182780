/**
 * Sends create/update/upsert inputs to a HubSpot batch endpoint 100 at a time and tells, per input, the id
 * HubSpot gave it or why it failed. Ids are handed to `onWritten` as soon as each request returns — before
 * the next request — so a crash mid-push leaves every created record in the ledger.
 *
 * Isolation: HubSpot rejects a whole batch with 400 when one record is invalid, and answers 207 with
 * `errors` when only some failed. Either way the affected inputs are re-sent one per request, so one bad
 * lead fails only itself.
 */
import { ConnectorError } from '../types.ts';
import { chunk } from '../shared/batch.ts';
import { classifyBatchError, classifyHubspotError } from './client.ts';
import { batchErrorSchema } from './schema.ts';

/** HubSpot's limit for CRM batch inputs. */
export const HUBSPOT_BATCH_SIZE = 100;

export interface BatchItem<I> {
  /** Our key for this input; also sent as objectWriteTraceId, which HubSpot echoes on each result. */
  traceId: string;
  input: I;
}

export interface BatchResultRow {
  id: string;
  objectWriteTraceId?: string;
  properties?: Record<string, string | null>;
}

export interface BatchAnswer {
  results: BatchResultRow[];
  errors?: unknown[];
}

/** Shared across one push: after an auth failure nothing more is sent. */
export interface PushState {
  aborted: ConnectorError | null;
}

export interface WriteOptions<I> {
  items: BatchItem<I>[];
  send: (inputs: I[]) => Promise<BatchAnswer>;
  /** Second way to tie a result to its input when objectWriteTraceId is missing (e.g. the email). */
  fallbackKey?: (row: BatchResultRow) => string | undefined;
  onWritten: (written: Map<string, string>) => Promise<void>;
  state: PushState;
  size?: number;
}

export async function writeInBatches<I>(opts: WriteOptions<I>): Promise<Map<string, string | ConnectorError>> {
  const out = new Map<string, string | ConnectorError>();
  for (const part of chunk(opts.items, opts.size ?? HUBSPOT_BATCH_SIZE)) {
    if (opts.state.aborted) {
      for (const item of part) out.set(item.traceId, opts.state.aborted);
      continue;
    }
    await sendPart(part, opts, out);
  }
  return out;
}

async function sendPart<I>(
  part: BatchItem<I>[],
  opts: WriteOptions<I>,
  out: Map<string, string | ConnectorError>,
): Promise<void> {
  let answer: BatchAnswer;
  try {
    answer = await opts.send(part.map((p) => p.input));
  } catch (e) {
    const err = classifyHubspotError(e);
    if (err.kind === 'permanent' && part.length > 1) {
      for (const item of part) await sendPart([item], opts, out);
      return;
    }
    if (err.kind === 'auth') opts.state.aborted = err;
    for (const item of part) out.set(item.traceId, err);
    return;
  }
  const written = correlate(part, answer.results, opts.fallbackKey);
  if (written.size > 0) await opts.onWritten(written);
  for (const [traceId, id] of written) out.set(traceId, id);
  const missing = part.filter((p) => !written.has(p.traceId));
  if (missing.length === 0) return;
  const errors = (answer.errors ?? [])
    .map((e) => batchErrorSchema.safeParse(e))
    .flatMap((r) => (r.success ? [r.data] : []));
  if (part.length > 1 && errors.length > 0) {
    for (const item of missing) await sendPart([item], opts, out);
    return;
  }
  for (const item of missing) {
    out.set(
      item.traceId,
      errors.length > 0
        ? classifyBatchError(errors[0])
        : // Re-sending could create a second record, so this goes back as failed without a retry here.
          new ConnectorError('transient', 'HubSpot answered the batch without a result for this record'),
    );
  }
}

function correlate<I>(
  part: BatchItem<I>[],
  rows: BatchResultRow[],
  fallbackKey?: (row: BatchResultRow) => string | undefined,
): Map<string, string> {
  const wanted = new Set(part.map((p) => p.traceId));
  const written = new Map<string, string>();
  const unmatched: BatchResultRow[] = [];
  for (const row of rows) {
    const key = [row.objectWriteTraceId, fallbackKey?.(row)].find(
      (k) => k !== undefined && wanted.has(k) && !written.has(k),
    );
    if (key !== undefined) written.set(key, String(row.id));
    else unmatched.push(row);
  }
  // A lone input with a lone result needs no key; anything wider stays unmatched rather than guessed.
  const only = part[0];
  const row = unmatched[0];
  if (part.length === 1 && only && written.size === 0 && unmatched.length === 1 && row)
    written.set(only.traceId, String(row.id));
  return written;
}
