/**
 * Access tokens for sync jobs. Refreshes 5 minutes ahead of expiry (and when the provider rejected the
 * token), one refresh at a time per connection across all processes: the Connection row is locked
 * (`select … for update`) and re-read, so a worker that waited for the lock uses what the winner stored
 * instead of refreshing again (which, with rotating refresh tokens, would kill the grant).
 */
import { ConnectorError } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { decryptSecret } from '../crypto/secrets.ts';
import { markNeedsReauth, notifyOwnersOfReauth } from './connection-state.ts';
import { connectionSlot, grantOf, sealGrant } from './grants.ts';
import { findConnector } from './registry.ts';

export const REFRESH_MARGIN_MS = 5 * 60_000;

const isFresh = (expiresAt: Date | null, now = Date.now()) =>
  expiresAt === null || expiresAt.getTime() - REFRESH_MARGIN_MS > now;

export async function accessToken(
  ctx: AppContext,
  connectionId: string,
  opts: { forceRefresh?: boolean } = {},
): Promise<string> {
  const row = await ctx.db.connection.findUnique({ where: { id: connectionId } });
  if (!row) throw new ConnectorError('auth', 'the connection no longer exists');
  if (row.status !== 'active' || !row.accessTokenEnc)
    throw new ConnectorError('auth', `the connection is ${row.status}`);
  if (!opts.forceRefresh && isFresh(row.expiresAt))
    return decryptSecret(ctx.config, row.accessTokenEnc, connectionSlot(row.id, 'accessToken'));
  return refreshUnderLock(ctx, connectionId, opts.forceRefresh ? row.accessTokenEnc : null);
}

type LockedResult = { token: string } | { dead: ConnectorError; transitioned: boolean };

async function refreshUnderLock(ctx: AppContext, connectionId: string, rejectedSealed: string | null): Promise<string> {
  const result = await ctx.db.$transaction(
    async (tx): Promise<LockedResult> => {
      await tx.$queryRaw`select "id" from "Connection" where "id" = ${connectionId}::uuid for update`;
      const row = await tx.connection.findUnique({ where: { id: connectionId } });
      if (row?.status !== 'active' || !row.accessTokenEnc)
        return { dead: new ConnectorError('auth', `the connection is ${row?.status ?? 'gone'}`), transitioned: false };
      // Someone refreshed while we waited for the lock: theirs is the token to use.
      const changed = rejectedSealed !== null ? row.accessTokenEnc !== rejectedSealed : isFresh(row.expiresAt);
      if (changed)
        return { token: decryptSecret(ctx.config, row.accessTokenEnc, connectionSlot(row.id, 'accessToken')) };

      const connector = findConnector(ctx, row.provider);
      if (!connector)
        throw new ConnectorError('transient', `provider ${row.provider} is not configured on this server`);
      try {
        const grant = await connector.oauth.refresh(grantOf(ctx.config, row));
        await tx.connection.update({
          where: { id: row.id },
          data: sealGrant(ctx.config, row.id, grant, row.refreshTokenEnc),
        });
        return { token: grant.accessToken };
      } catch (err) {
        if (err instanceof ConnectorError && err.kind === 'auth') {
          // Committed with this transaction: the row lock makes the transition (and the e-mail) happen once.
          return { dead: err, transitioned: await markNeedsReauth(tx, row.id, err.message) };
        }
        throw err instanceof ConnectorError
          ? err
          : new ConnectorError('transient', `token refresh failed: ${(err as Error)?.message ?? String(err)}`, {
              cause: err,
            });
      }
    },
    { maxWait: 60_000, timeout: 60_000 },
  );
  if ('token' in result) return result.token;
  if (result.transitioned) {
    const conn = await ctx.db.connection.findUnique({ where: { id: connectionId } });
    if (conn) {
      ctx.log.warn(
        { connectionId, provider: conn.provider },
        'refresh grant is dead; connection needs re-authorization',
      );
      await notifyOwnersOfReauth(ctx, conn, result.dead.message);
    }
  }
  throw result.dead;
}
