/**
 * Acme CRM's REST API, served locally for the acme-crm test connector: people and notes in one workspace
 * per OAuth user, bearer tokens checked against the local OAuth server that issued them.
 * - GET   /v1/me                      the workspace behind the token
 * - GET   /v1/people?email=…|phone=…  exact-match lookup → { results }
 * - POST  /v1/people                  create → 201 person;  PATCH /v1/people/:id  update → 200 person
 * - POST  /v1/notes                   a note on a person → 201 note
 * Errors are `{ error, message }`: 401 bad token, 404 unknown id, 422 invalid input or a read-only workspace.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AcmePerson {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  tag: string | null;
  summary: string | null;
}
export interface AcmeNote {
  id: string;
  personId: string;
  body: string;
  occurredAt: string;
}

export interface AcmeApi {
  url: string;
  /** Workspace id → its people / notes. */
  people(workspaceId: string): AcmePerson[];
  notes(workspaceId: string): AcmeNote[];
  /** Writes answer 422 workspace_read_only while true (the account owner froze the workspace). */
  readOnly: boolean;
  /** Requests per `METHOD /path` (ids stripped). */
  counts: Record<string, number>;
  stop(): Promise<void>;
}

/** The workspace id of an OAuth user: stable per e-mail, as a vendor's account id is. */
export const workspaceIdOf = (email: string) => `ws_${createHash('sha256').update(email).digest('hex').slice(0, 12)}`;

/** `authenticate`: the OAuth user behind an access token, or null when the token is unknown or expired. */
export async function startAcmeApi(
  authenticate: (token: string) => { email: string; name?: string } | null,
): Promise<AcmeApi> {
  const people = new Map<string, AcmePerson[]>();
  const notes = new Map<string, AcmeNote[]>();
  const counts: Record<string, number> = {};
  const state = { readOnly: false };
  const listOf = <T>(m: Map<string, T[]>, ws: string) => m.get(ws) ?? (m.set(ws, []), m.get(ws)!);

  const send = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const fail = (res: ServerResponse, status: number, error: string, message: string) =>
    send(res, status, { error, message });
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://acme.local');
    const route = `${req.method} ${url.pathname.replace(/\/(p|n)_[0-9a-f-]+$/, '/:id')}`;
    counts[route] = (counts[route] ?? 0) + 1;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = token ? authenticate(token) : null;
    if (!user) return fail(res, 401, 'unauthorized', 'invalid or expired access token');
    const ws = workspaceIdOf(user.email);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown> = {};
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return fail(res, 422, 'invalid_json', 'the body is not JSON');
      }
    }
    if (req.method !== 'GET' && state.readOnly)
      return fail(res, 422, 'workspace_read_only', 'this workspace is read-only');

    if (route === 'GET /v1/me')
      return send(res, 200, {
        workspace: { id: ws, name: `${user.name ?? user.email}'s workspace` },
        user: { email: user.email },
      });
    if (route === 'GET /v1/people') {
      const email = url.searchParams.get('email');
      const phone = url.searchParams.get('phone');
      return send(res, 200, {
        results: listOf(people, ws).filter((p) => (email && p.email === email) || (phone && p.phone === phone)),
      });
    }
    if (route === 'POST /v1/people' || route === 'PATCH /v1/people/:id') {
      if (body.email !== undefined && body.email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(body.email)))
        return fail(res, 422, 'invalid_email', `email ${String(body.email)} is not valid`);
      const fields = {
        name: str(body.name),
        email: str(body.email),
        phone: str(body.phone),
        tag: str(body.tag),
        summary: str(body.summary),
      };
      if (route === 'POST /v1/people') {
        if (!fields.email && !fields.phone)
          return fail(res, 422, 'invalid_person', 'a person needs an email or a phone');
        const p: AcmePerson = { id: `p_${randomUUID()}`, ...fields };
        listOf(people, ws).push(p);
        return send(res, 201, p);
      }
      const p = listOf(people, ws).find((x) => x.id === url.pathname.split('/').pop());
      if (!p) return fail(res, 404, 'not_found', 'no such person');
      for (const [k, v] of Object.entries(fields)) if (v !== null) (p as unknown as Record<string, string>)[k] = v;
      return send(res, 200, p);
    }
    if (route === 'POST /v1/notes') {
      const personId = str(body.personId);
      if (!personId || !listOf(people, ws).some((p) => p.id === personId))
        return fail(res, 422, 'invalid_note', 'personId names no person');
      const n: AcmeNote = {
        id: `n_${randomUUID()}`,
        personId,
        body: String(body.body ?? ''),
        occurredAt: String(body.occurredAt ?? new Date().toISOString()),
      };
      listOf(notes, ws).push(n);
      return send(res, 201, n);
    }
    return fail(res, 404, 'not_found', `no route ${route}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => fail(res, 500, 'server_error', String(e)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    people: (ws) => [...listOf(people, ws)],
    notes: (ws) => [...listOf(notes, ws)],
    get readOnly() {
      return state.readOnly;
    },
    set readOnly(v: boolean) {
      state.readOnly = v;
    },
    counts,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
