/**
 * The CRM's writable fields of a connection (Connector.listFields), for the mapping editor and the settings
 * check. Kept briefly in ConnectionFieldList so opening the editor, choosing and saving cost one read of the
 * CRM, whichever web node answers each request; a reconnect to another account is a miss.
 */
import { z } from 'zod';
import { type Connector, ConnectorError, type ProviderField } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/generated/client.ts';
import { Problem } from '../http/problem.ts';
import { syncContextFor } from './sync-context.ts';

/** Long enough for an editing session, short enough that a property just added in the CRM shows up soon. */
export const FIELD_LIST_TTL_MS = 5 * 60_000;

const storedFields = z.array(z.object({ name: z.string(), label: z.string(), type: z.string() }));

export interface CrmFields {
  fields: ProviderField[];
  fetchedAt: Date;
  /** From the cache rather than the CRM just now. */
  cached: boolean;
}

/**
 * The fields, from the cache when it is fresh and of this account (unless `fresh`), else from the CRM and
 * stored. 409 when the connection cannot reach the CRM, 502 when the CRM does not answer.
 */
export async function crmFields(
  ctx: AppContext,
  conn: Connection,
  connector: Connector,
  opts: { fresh?: boolean; now?: Date } = {},
): Promise<CrmFields> {
  const now = opts.now ?? new Date();
  if (!connector.listFields) throw new Error(`${connector.provider} cannot list its fields`);
  if (conn.status !== 'active')
    throw new Problem(
      409,
      'connection-inactive',
      'Connection not active',
      `The connection is ${conn.status}: reconnect ${connector.displayName} first, the mapping is checked against its fields`,
    );
  if (!opts.fresh) {
    const row = await ctx.db.connectionFieldList.findUnique({ where: { connectionId: conn.id } });
    const parsed = storedFields.safeParse(row?.fields);
    if (
      row &&
      parsed.success &&
      row.externalAccountId === conn.externalAccountId &&
      now.getTime() - row.fetchedAt.getTime() < FIELD_LIST_TTL_MS
    )
      return { fields: parsed.data, fetchedAt: row.fetchedAt, cached: true };
  }
  let fields: { name: string; label: string; type: string }[];
  try {
    fields = (await connector.listFields(syncContextFor(ctx, conn))).map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
    }));
  } catch (err) {
    const e = err instanceof ConnectorError ? err : null;
    throw new Problem(
      502,
      'provider-unavailable',
      'Provider unavailable',
      `Could not read ${connector.displayName}'s fields: ${e?.message ?? String(err)}`,
    );
  }
  const data = { externalAccountId: conn.externalAccountId, fields, fetchedAt: now };
  await ctx.db.connectionFieldList.upsert({
    where: { connectionId: conn.id },
    create: { connectionId: conn.id, ...data },
    update: data,
  });
  return { fields, fetchedAt: now, cached: false };
}
