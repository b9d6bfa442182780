/** Grant ↔ Connection columns. Tokens are sealed with the current key; the key id is kept for rotation. */
import type { Grant } from '../../connectors/types.ts';
import type { Connection } from '../db/generated/client.ts';
import { decryptSecret, encryptSecret, type Keyring } from '../crypto/secrets.ts';

export function grantOf(keys: Keyring, row: Pick<Connection, 'accessTokenEnc' | 'refreshTokenEnc' | 'expiresAt' | 'scopes' | 'instanceUrl' | 'idUrl'>): Grant {
  if (!row.accessTokenEnc) throw new Error('connection holds no tokens');
  return {
    accessToken: decryptSecret(keys, row.accessTokenEnc),
    refreshToken: row.refreshTokenEnc ? decryptSecret(keys, row.refreshTokenEnc) : null,
    expiresAt: row.expiresAt,
    scopes: row.scopes,
    instanceUrl: row.instanceUrl,
    idUrl: row.idUrl,
  };
}

/** Columns to write for a grant; `previousRefresh` survives when the provider returned no new one. */
export function sealGrant(keys: Keyring, grant: Grant, previousRefreshEnc: string | null = null) {
  return {
    accessTokenEnc: encryptSecret(keys, grant.accessToken),
    refreshTokenEnc: grant.refreshToken ? encryptSecret(keys, grant.refreshToken) : previousRefreshEnc,
    tokenKeyId: keys.currentKeyId,
    expiresAt: grant.expiresAt,
    scopes: grant.scopes,
    ...(grant.instanceUrl ? { instanceUrl: grant.instanceUrl } : {}),
    ...(grant.idUrl ? { idUrl: grant.idUrl } : {}),
  };
}

export const missingScopes = (required: string[], granted: string[]) => required.filter((s) => !granted.includes(s));
