/**
 * Set-up tokens, e-mailed after a marketplace install (no Leadline session):
 * - 'password': the install created the account; the token lets the mailbox owner choose the first password.
 * - 'confirm': the CRM owner's e-mail matched an existing account; the install is held here, unattached, until
 *   that account's owner confirms it from the e-mail (or declines it).
 * A token is `<OAuthState row id>.<HMAC>` (state.ts, its own MAC domain). The row is an install that has not
 * finished, which is what OAuthState holds; reusing it gives single use (usedAt, set atomically) and expiry
 * without a schema change. `codeVerifierEnc` holds the sealed payload: for 'confirm' that is the grant itself,
 * so the tokens stay encrypted at rest like a Connection's. Only the e-mail carries the token: reaching the
 * page proves control of the mailbox, which the CRM's claim about the owner's e-mail does not.
 */
import { randomUUID } from 'node:crypto';
import type { ExternalAccount, Grant, Provider } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { decryptSecret, encryptSecret } from '../crypto/secrets.ts';
import type { Db, Tx } from '../db/client.ts';
import type { OAuthState } from '../db/generated/client.ts';
import { Problem } from '../http/problem.ts';
import { oauthStateSlot, signSetupId, verifySetupId } from './state.ts';

export const SETUP_TTL_MS = 3 * 86_400_000;
/** Not a redirect: marks the OAuthState row as a set-up token. */
export const SETUP_ROW = 'urn:leadline:setup';

export type SetupPayload =
  | { kind: 'password' }
  | { kind: 'confirm'; grant: Grant; account: ExternalAccount; businessName: string };

export interface SetupToken {
  row: OAuthState;
  provider: Provider;
  accountId: string;
  /** null for 'confirm' when the owner has no business yet: confirming creates it (named businessName). */
  businessId: string | null;
  payload: SetupPayload;
}

export const setupUrl = (ctx: AppContext, token: string) =>
  `${ctx.config.PUBLIC_BASE_URL}/setup?token=${encodeURIComponent(token)}`;

export async function issueSetupToken(
  ctx: AppContext,
  p: { provider: Provider; accountId: string; businessId: string | null; payload: SetupPayload },
  /** A transaction the token belongs to (with its audit row); the app's client otherwise. */
  db: Pick<Db | Tx, 'oAuthState'> = ctx.db,
): Promise<string> {
  const id = randomUUID(); // the payload is sealed for its row, so the row id comes first
  const row = await db.oAuthState.create({
    data: {
      id,
      provider: p.provider,
      accountId: p.accountId,
      businessId: p.businessId,
      codeVerifierEnc: encryptSecret(ctx.config, JSON.stringify(p.payload), oauthStateSlot(id)),
      redirectUri: SETUP_ROW,
      expiresAt: new Date(Date.now() + SETUP_TTL_MS),
    },
  });
  return signSetupId(ctx.config.jwtSecret, row.id);
}

const refused = (slug: string, title: string, detail: string) => new Problem(400, slug, title, detail);

/** The token's install, or the problem to answer (forged, used, expired). Does not spend it. */
export async function openSetupToken(ctx: AppContext, token: string): Promise<SetupToken> {
  const id = verifySetupId(ctx.config.jwtSecret, token);
  const row = id ? await ctx.db.oAuthState.findUnique({ where: { id } }) : null;
  // The MAC domain already keeps OAuth states out; the marker keeps that check visible here.
  if (!row?.accountId || row.redirectUri !== SETUP_ROW) {
    throw refused(
      'setup-link-invalid',
      'Link not valid',
      'This set-up link was not issued by Leadline or was altered; use the link from the e-mail as it is.',
    );
  }
  const payload = parsePayload(decryptSecret(ctx.config, row.codeVerifierEnc, oauthStateSlot(row.id)));
  if (row.usedAt) {
    throw refused(
      'setup-link-used',
      'Link already used',
      payload.kind === 'password'
        ? 'This set-up link was already used. Log in with the password you chose, or reset it from the log-in page.'
        : 'This link was already used to confirm or decline the install.',
    );
  }
  if (row.expiresAt <= new Date()) {
    throw refused(
      'setup-link-expired',
      'Link expired',
      payload.kind === 'password'
        ? 'This set-up link has expired (links last 3 days). Ask for a password reset on the log-in page to choose a password.'
        : 'This confirmation link has expired (links last 3 days). Install again from your CRM, or sign in to Leadline and connect from there.',
    );
  }
  return { row, provider: row.provider as Provider, accountId: row.accountId, businessId: row.businessId, payload };
}

/** Single use: true for exactly one caller while the token is valid. */
export async function spendSetupToken(db: Db | Tx, id: string): Promise<boolean> {
  const { count } = await db.oAuthState.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

/** Gives the token back when what it was spent on failed before changing anything. */
export const unspendSetupToken = (db: Db, id: string) =>
  db.oAuthState.updateMany({ where: { id }, data: { usedAt: null } });

function parsePayload(json: string): SetupPayload {
  const p = JSON.parse(json) as SetupPayload;
  // JSON has no Date: the grant's expiry comes back as a string.
  if (p.kind === 'confirm') p.grant.expiresAt = p.grant.expiresAt ? new Date(p.grant.expiresAt) : null;
  return p;
}
