/**
 * The signed-in state of this tab. The access token lives here, in memory, and nowhere else; the refresh
 * token is an HttpOnly cookie the page cannot read. A reload restores the session through
 * /console/session/refresh, which needs the CSRF token from the readable `ll_csrf` cookie.
 */
import { createContext } from '@lit/context';

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

export interface Me {
  id: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  twoFactorEnabled?: boolean;
  businesses: { id: string; name: string; role: string }[];
}

interface Tokens {
  accessToken: string;
  expiresIn: number;
}

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

  async #loadMe() {
    this.me = await this.api<Me>('GET', '/api/v1/me');
    this.dispatchEvent(new Event('change'));
  }

  /** Uses the refresh cookie; false when there is no session to restore. */
  restore(): Promise<boolean> {
    this.#refreshing ??= (async () => {
      try {
        const csrf = readCookie('ll_csrf');
        if (!csrf) return false;
        this.#adopt(
          await request<Tokens>('POST', '/console/session/refresh', undefined, {
            'x-csrf-token': decodeURIComponent(csrf),
          }),
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
    const r = await request<Tokens | { twoFactorRequired: true; challenge: string }>(
      'POST',
      '/api/v1/auth/login',
      { email, password },
      { 'x-leadline-session': 'cookie' },
    );
    if ('twoFactorRequired' in r) {
      this.pendingChallenge = r.challenge;
      return 'two-factor';
    }
    this.#adopt(r);
    await this.#loadMe();
    return undefined;
  }

  /** The second step: a code from the authenticator app or a recovery code. */
  async loginTwoFactor(code: string) {
    this.#adopt(
      await request<Tokens>(
        'POST',
        '/api/v1/auth/login/two-factor',
        { challenge: this.pendingChallenge ?? '', code },
        { 'x-leadline-session': 'cookie' },
      ),
    );
    this.pendingChallenge = null;
    await this.#loadMe();
  }

  async signup(email: string, password: string, name: string) {
    this.#adopt(
      await request<Tokens>(
        'POST',
        '/api/v1/auth/signup',
        { email, password, name },
        { 'x-leadline-session': 'cookie' },
      ),
    );
    await this.#loadMe();
  }

  async refreshMe() {
    await this.#loadMe();
  }

  async logout() {
    const csrf = readCookie('ll_csrf');
    await request('POST', '/console/session/logout', undefined, {
      'x-csrf-token': decodeURIComponent(csrf ?? ''),
    }).catch(() => {});
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

  /** A JSON API call with the access token; one retry after a refresh when it was rejected. */
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

/** Public (no session) JSON calls: sign-in pages. */
export const publicApi = request;
