/**
 * Requests made with a grant the OAuth callback has just received, before any connection holds it (an
 * install's `account` and `prepare`): the token as it came, and a rate budget of this request alone.
 */
import { ConnectorError, type Grant, type RateBudget } from '../types.ts';

/** The grant's token; a request that needs a fresh one fails, since there is nothing to refresh it with yet. */
export const freshGrantToken =
  (grant: Grant, vendor: string) =>
  async (opts?: { forceRefresh?: boolean }): Promise<string> => {
    if (opts?.forceRefresh) throw new ConnectorError('auth', `${vendor} rejected a token that was just issued`);
    return grant.accessToken;
  };

/**
 * No connection's budget exists yet, and an install sends a handful of requests: nothing to share. It only
 * keeps a vendor's 429 (`pause`) from being answered by sending again at once.
 */
export function installBudget(): RateBudget {
  let pausedUntil = 0;
  return {
    async take() {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    },
    async pause(_bucket, ms) {
      pausedUntil = Math.max(pausedUntil, Date.now() + ms);
    },
  };
}
