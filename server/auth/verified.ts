import type { Db } from '../db/client.ts';
import { Problem } from '../http/problem.ts';

export const unverified = () =>
  new Problem(
    403,
    'email-unverified',
    'E-mail not verified',
    'Verify your e-mail address first (POST /api/v1/auth/verify-email/confirm with the code or link we sent).',
  );

/**
 * Actions that claim something outside Leadline or hand out access (numbers, CRM connections, API keys,
 * invitations) need an account whose e-mail is proven: sign-up is open, and an unproven address is anyone.
 * An API key was minted by a verified account, so it passes.
 */
export async function requireVerified(db: Db, access: { accountId: string; viaApiKey: boolean }): Promise<void> {
  if (access.viaApiKey) return;
  const a = await db.account.findUnique({ where: { id: access.accountId }, select: { emailVerifiedAt: true } });
  if (!a?.emailVerifiedAt) throw unverified();
}
