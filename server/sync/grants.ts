/**
 * Grant ↔ Connection columns. Tokens are sealed with the current key (its id kept for rotation) and bound
 * to their connection and column, so a token copied into another connection's row does not open there.
 */
import type { Grant } from '../../connectors/types.ts';
import type { Connection } from '../db/generated/client.ts';
import { decryptSecret, encryptSecret, secretSlot, type Keyring } from '../crypto/secrets.ts';

export const connectionSlot = (connectionId: string, field: 'accessToken' | 'refreshToken') =>
  secretSlot('Connection', connectionId, field);

export function grantOf(
  keys: Keyring,
  row: Pick<Connection, 'id' | 'accessTokenEnc' | 'refreshTokenEnc' | 'expiresAt' | 'scopes' | 'instanceUrl' | 'idUrl'>,
): Grant {
  if (!row.accessTokenEnc) throw new Error('connection holds no tokens');
  return {
    accessToken: decryptSecret(keys, row.accessTokenEnc, connectionSlot(row.id, 'accessToken')),
    refreshToken: row.refreshTokenEnc
      ? decryptSecret(keys, row.refreshTokenEnc, connectionSlot(row.id, 'refreshToken'))
      : null,
    expiresAt: row.expiresAt,
    scopes: row.scopes,
    instanceUrl: row.instanceUrl,
    idUrl: row.idUrl,
  };
}

/** Columns to write for connection `connectionId`'s grant; `previousRefresh` survives when the provider returned no new one. */
export function sealGrant(keys: Keyring, connectionId: string, grant: Grant, previousRefreshEnc: string | null = null) {
  return {
    accessTokenEnc: encryptSecret(keys, grant.accessToken, connectionSlot(connectionId, 'accessToken')),
    refreshTokenEnc: grant.refreshToken
      ? encryptSecret(keys, grant.refreshToken, connectionSlot(connectionId, 'refreshToken'))
      : previousRefreshEnc,
    tokenKeyId: keys.currentKeyId,
    expiresAt: grant.expiresAt,
    scopes: grant.scopes,
    ...(grant.instanceUrl ? { instanceUrl: grant.instanceUrl } : {}),
    ...(grant.idUrl ? { idUrl: grant.idUrl } : {}),
  };
}

export const missingScopes = (required: string[], granted: string[]) => required.filter((s) => !granted.includes(s));
