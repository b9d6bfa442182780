/**
 * The signed-in state of this tab. The access token lives here, in memory, and nowhere else; the refresh
 * token is an HttpOnly cookie the page cannot read. A reload restores the session through
 * /console/session/refresh, which needs the CSRF token from the readable `ll_csrf` cookie.
 *
 * Calls go through the generated client (`client/`): paths, parameters and bodies are checked against the
 * OpenAPI document, and the answers carry its types. `session.client` adds the access token (refreshing it
 * first when due, and once more after a 401); `publicClient` is for the signed-out pages.
 */
import { createContext } from '@lit/context';
import createClient, { type Middleware } from 'openapi-fetch';
import type { LeadlineClient, paths } from '../../client/index.ts';

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemBody;
  constructor(status: number, problem: ProblemBody) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
  /** One line per invalid field, or the detail. */
  get explanation(): string {
    return this.problem.errors?.length
      ? this.problem.errors.map((e) => `${e.path}: ${e.message}`).join('; ')
      : this.message;
  }
}

export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];

type LoginAnswer = paths['/api/v1/auth/login']['post']['responses'][200]['content']['application/json'];
type Tokens = Exclude<LoginAnswer, { twoFactorRequired: true }>;

/** Same-origin calls (relative URLs) with the browser's cookies, as the console's own pages make them. */
const consoleClient = (): LeadlineClient =>
  createClient<paths>({ credentials: 'same-origin', headers: { accept: 'application/json' } });

/** The success body, or an ApiError with the problem the server answered. */
export function ok<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || !r.response.ok) throw new ApiError(r.response.status, (r.error ?? {}) as ProblemBody);
  return r.data as T;
}

/** Signed-out calls: sign-up, log-in, password reset. */
export const publicClient = consoleClient();

/** The console's log-in and sign-up: the refresh token goes into an HttpOnly cookie, not the page. */
const COOKIE_MODE = { 'x-leadline-session': 'cookie' } as const;

const readCookie = (name: string) =>
  document.cookie
    .split('; ')
    .find((c) => c.startsWith(name + '='))
    ?.slice(name.length + 1);

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as unknown;
  if (!res.ok) throw new ApiError(res.status, data as ProblemBody);
  return data as T;
}

export class Session extends EventTarget {
  #token: string | null = null;
  #expiresAt = 0;
  #refreshing: Promise<boolean> | null = null;
  me: Me | null = null;

  get signedIn(): boolean {
    return this.#token !== null;
  }

  /** The business the console shows: the first one (a business switcher comes with multi-business owners). */
  get businessId(): string | null {
    return this.me?.businesses[0]?.id ?? null;
  }

  #adopt(t: Tokens) {
    this.#token = t.accessToken;
    this.#expiresAt = Date.now() + (t.expiresIn - 30) * 1000;
  }

  /** The generated client, signed in as this session. */
  readonly client: LeadlineClient = (() => {
    const client = consoleClient();
    const unsent = new Map<string, Request>();
    const auth: Middleware = {
      onRequest: async ({ request, id }) => {
        const headers = await this.authHeaders();
        // Signed out (nothing to restore): a page that loads before the shell sends it to log in asks nothing
        // of the server, rather than collecting a 401 for every call it would have made.
        if (!headers.authorization)
          return new Response(JSON.stringify({ status: 401, title: 'Not signed in' }), {
            status: 401,
            headers: { 'content-type': 'application/problem+json' },
          });
        request.headers.set('authorization', headers.authorization);
        unsent.set(id, request.clone());
        return request;
      },
      onResponse: async ({ response, id }) => {
        const original = unsent.get(id);
        unsent.delete(id);
        if (response.status !== 401 || !original || !(await this.restore())) return response;
        const retry = new Request(original);
        retry.headers.set('authorization', (await this.authHeaders()).authorization ?? '');
        return fetch(retry);
      },
    };
    client.use(auth);
    return client;
  })();

  async #loadMe() {
    this.me = ok(await this.client.GET('/api/v1/me'));
    this.dispatchEvent(new Event('change'));
  }

  /** Uses the refresh cookie; false when there is no session to restore. */
  restore(): Promise<boolean> {
    this.#refreshing ??= (async () => {
      try {
        const csrf = readCookie('ll_csrf');
        if (!csrf) return false;
        this.#adopt(
          ok(
            await publicClient.POST('/console/session/refresh', {
              headers: { 'x-csrf-token': decodeURIComponent(csrf) },
            }),
          ),
        );
        if (!this.me) await this.#loadMe();
        return true;
      } catch {
        this.#clear();
        return false;
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  /** Set when the password step asked for a second factor: what /app/two-factor finishes the log-in with. */
  pendingChallenge: string | null = null;

  /** 'two-factor' when the account needs a code next (see loginTwoFactor). */
  async login(email: string, password: string): Promise<'two-factor' | undefined> {
    const answer = ok(
      await publicClient.POST('/api/v1/auth/login', { params: { header: COOKIE_MODE }, body: { email, password } }),
    );
    if ('twoFactorRequired' in answer) {
      this.pendingChallenge = answer.challenge;
      return 'two-factor';
    }
    this.#adopt(answer);
    await this.#loadMe();
    return undefined;
  }

  /** The second step: a code from the authenticator app or a recovery code. */
  async loginTwoFactor(code: string) {
    const answer = await publicClient.POST('/api/v1/auth/login/two-factor', {
      params: { header: COOKIE_MODE },
      body: { challenge: this.pendingChallenge ?? '', code },
    });
    this.#adopt(ok(answer) as Tokens);
    this.pendingChallenge = null;
    await this.#loadMe();
  }

  async signup(email: string, password: string, name: string) {
    const answer = await publicClient.POST('/api/v1/auth/signup', {
      params: { header: COOKIE_MODE },
      body: { email, password, name },
    });
    this.#adopt(ok(answer));
    await this.#loadMe();
  }

  async refreshMe() {
    await this.#loadMe();
  }

  async logout() {
    const csrf = readCookie('ll_csrf');
    await publicClient
      .POST('/console/session/logout', { headers: { 'x-csrf-token': decodeURIComponent(csrf ?? '') } })
      .catch(() => {});
    this.#clear();
  }

  #clear() {
    this.#token = null;
    this.me = null;
    this.dispatchEvent(new Event('change'));
  }

  /** Headers for a bearer call, refreshing the access token first when it is about to expire. */
  async authHeaders(): Promise<Record<string, string>> {
    if (!this.#token || Date.now() > this.#expiresAt) await this.restore();
    return this.#token ? { authorization: `Bearer ${this.#token}` } : {};
  }

  /**
   * A JSON API call with the access token; one retry after a refresh when it was rejected. For pages not yet
   * on `client`.
   */
  async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    // Signed out (nothing to restore): a page that loads before the shell sends it to log in asks nothing
    // of the server, rather than collecting a 401 for every call it would have made.
    const headers = await this.authHeaders();
    if (!headers.authorization) throw new ApiError(401, { status: 401, title: 'Not signed in' });
    try {
      return await request<T>(method, path, body, headers);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || !(await this.restore())) throw err;
      return request<T>(method, path, body, await this.authHeaders());
    }
  }
}

export const sessionContext = createContext<Session>(Symbol('leadline-session'));

/** Public (no session) JSON calls, for pages not yet on `publicClient`. */
export const publicApi = request;
