/**
 * The typed client (client/, generated from the server's route declarations) with the session's access
 * token on every request. Shared by the lists and do-not-call pages.
 */
import { createLeadlineClient, type LeadlineClient, type paths } from '../../../../client/index.ts';
import { ApiError, type ProblemBody, type Session } from '../../session.ts';

export type { paths };

export function apiClient(session: Session): LeadlineClient {
  return createLeadlineClient(location.origin, {
    // openapi-fetch always calls fetch with one Request.
    fetch: (async (req: Request) => {
      const headers = await session.authHeaders();
      for (const [k, v] of Object.entries(headers)) req.headers.set(k, v);
      return fetch(req);
    }) as typeof fetch,
  });
}

/** openapi-fetch answers `{ data, error, response }`: the data, or an ApiError carrying the problem. */
export function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || !r.response.ok)
    throw new ApiError(
      r.response.status,
      (r.error ?? { status: r.response.status, title: 'Request failed' }) as ProblemBody,
    );
  return r.data as T;
}

export const messageOf = (err: unknown) => (err instanceof ApiError ? err.explanation : (err as Error).message);
