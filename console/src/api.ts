/**
 * The typed API client for console pages: openapi-fetch over the generated `paths`, sending the session's
 * in-memory access token and retrying once after a refresh when it was rejected. `ok()` turns an answer
 * into its data or an ApiError carrying the problem+json body, as session.api() does.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../client/generated/leadline-api.ts';
import { ApiError, type ProblemBody, type Session } from './session.ts';

export type ConsoleClient = Client<paths>;

const clients = new WeakMap<Session, ConsoleClient>();

export function apiOf(session: Session): ConsoleClient {
  let c = clients.get(session);
  if (!c) {
    const send = async (req: Request) => {
      const retry = req.clone();
      const headers = await session.authHeaders();
      if (!headers.authorization) throw new ApiError(401, { status: 401, title: 'Not signed in' });
      req.headers.set('authorization', headers.authorization);
      const res = await fetch(req);
      if (res.status !== 401 || !(await session.restore())) return res;
      retry.headers.set('authorization', (await session.authHeaders()).authorization ?? '');
      return fetch(retry);
    };
    c = createClient<paths>({ baseUrl: location.origin, fetch: send, credentials: 'same-origin' });
    clients.set(session, c);
  }
  return c;
}

/** The data of a successful answer; a problem+json answer (or a network failure) throws. */
export async function ok<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await p;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}) as ProblemBody);
  return data as T;
}

/** Pure: the message to show for a failed call. */
export const problemText = (err: unknown) =>
  err instanceof ApiError ? err.explanation : err instanceof Error ? err.message : String(err);
