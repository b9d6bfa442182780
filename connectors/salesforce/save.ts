import type { Connection } from 'jsforce';
import { chunk } from '../shared/batch.ts';
import type { SalesforceClient } from './client.ts';
import { classifyCode, salesforceCode } from './errors.ts';
import { saveResultSchema, type SaveResult } from './schema.ts';
import type { SObjectRecord } from './mapping.ts';

/** sObject Collections take at most 200 records per request. */
export const COLLECTION_MAX = 200;

/**
 * A per-record failure thrown by a single-record call (jsforce throws for a 400) becomes the same
 * SaveResult shape sObject Collections return, so callers handle one shape. Session and limit errors
 * are not per-record: they stay thrown for the client's refresh-and-retry and for the whole batch.
 */
function asSaveResult(err: unknown): SaveResult {
  const code = salesforceCode(err);
  if (!code || classifyCode(code, '').kind !== 'permanent') throw err;
  const e = err as { message?: string; data?: unknown };
  const raw = e.data && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
  return { success: false, errors: [{ ...raw, statusCode: code, message: e.message ?? '' }] };
}

function parseResults(raw: unknown, expected: number): SaveResult[] {
  const list = Array.isArray(raw) ? raw : [raw];
  const parsed = list.map((r) => saveResultSchema.parse(r));
  if (parsed.length !== expected)
    throw new Error(`Salesforce returned ${parsed.length} results for ${expected} records`);
  return parsed;
}

/** `upsertBy`: upsert by that External ID field (the records carry it). */
export type Op = 'create' | 'update' | { upsertBy: string };

async function one(conn: Connection, op: Op, type: string, rec: SObjectRecord): Promise<SaveResult> {
  try {
    // An upsert goes through sObject Collections even for one record: one answer shape, with the id either way.
    if (typeof op === 'object')
      return parseResults(await conn.sobject(type).upsert([rec], op.upsertBy, { allOrNone: false }), 1)[0]!;
    const res =
      op === 'create'
        ? await conn.sobject(type).create(rec)
        : await conn.sobject(type).update(rec as SObjectRecord & { Id: string });
    return parseResults(res, 1)[0]!;
  } catch (err) {
    return asSaveResult(err);
  }
}

/**
 * Saves records, one request per ≤200 (sObject Collections with allOrNone false, so one bad record
 * does not sink the rest) or a plain single-record call when there is only one. `afterEach` runs right
 * after every request so ids reach the ledger before the next request can fail.
 */
export async function saveRecords(
  client: SalesforceClient,
  op: Op,
  type: string,
  records: SObjectRecord[],
  afterEach: (offset: number, results: SaveResult[]) => Promise<void>,
): Promise<void> {
  let offset = 0;
  for (const part of chunk(records, COLLECTION_MAX)) {
    const results =
      part.length === 1
        ? [await client.call((conn) => one(conn, op, type, part[0]!))]
        : await client.call(async (conn) => {
            const sob = conn.sobject(type);
            const res =
              typeof op === 'object'
                ? await sob.upsert(part, op.upsertBy, { allOrNone: false })
                : op === 'create'
                  ? await sob.create(part, { allOrNone: false })
                  : await sob.update(part as (SObjectRecord & { Id: string })[], { allOrNone: false });
            return parseResults(res, part.length);
          });
    await afterEach(offset, results);
    offset += part.length;
  }
}

export function firstErrorCode(result: SaveResult): string {
  const e = result.errors[0];
  return e?.statusCode ?? e?.errorCode ?? 'UNKNOWN_EXCEPTION';
}
