/**
 * Tests call the API the way an integrator would: through the generated client (`client/`), on the app's
 * loopback URL, with a bearer token, an API key or the console's cookie session. Every response is also held
 * to the OpenAPI document the server serves: a success must come with the documented status and a body that
 * validates against the documented schema (no body where none is documented), and a failure must be
 * problem+json. A mismatch rejects the call, so the test fails where the document lies.
 */
import type { Middleware } from 'openapi-fetch';
import { z } from 'zod';
import { createLeadlineClient, type LeadlineClient } from '../client/index.ts';
import type { cookieJar } from './cookie-jar.ts';

export interface DocumentedSuccess {
  status: number;
  /** Media type of the documented body; absent when none is documented. */
  mediaType?: string;
  schema?: unknown;
}

export type Operations = Map<string, DocumentedSuccess[]>;
export type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
};
const validators = new WeakMap<object, z.ZodType>();

const key = (method: string, path: string) => `${method.toLowerCase()} ${path}`;

/** The success responses each operation of `doc` declares (one per status and media type). */
export function operationsOf(doc: Document): Operations {
  const operations: Operations = new Map();
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const successes: DocumentedSuccess[] = [];
      for (const [status, res] of Object.entries(op.responses)) {
        if (status === 'default') continue;
        const media = Object.entries(res.content ?? {});
        if (!media.length) successes.push({ status: Number(status) });
        for (const [mediaType, { schema }] of media) successes.push({ status: Number(status), mediaType, schema });
      }
      operations.set(key(method, path), successes);
    }
  return operations;
}

/** The operations of the document a running app serves at /api/openapi.json (its own configuration's routes). */
const served = new Map<string, Promise<Operations>>();
export function servedOperations(origin: string): Promise<Operations> {
  let ops = served.get(origin);
  if (!ops) {
    ops = fetch(`${origin}/api/openapi.json`)
      .then((r) => r.json() as Promise<Document>)
      .then(operationsOf);
    served.set(origin, ops);
  }
  return ops;
}

const problemBody = z.object({ type: z.string(), title: z.string(), status: z.number().int() });

function validatorFor(answer: DocumentedSuccess): z.ZodType {
  let v = validators.get(answer);
  if (!v) {
    v = z.fromJSONSchema(answer.schema as never) as z.ZodType;
    validators.set(answer, v);
  }
  return v;
}

/** Rejects when `response` is not what the document says `method path` answers. */
export async function checkAgainstDocument(
  operations: Operations,
  method: string,
  path: string,
  response: Response,
): Promise<void> {
  const op = key(method, path);
  const documented = operations.get(op);
  if (!documented) throw new Error(`${op} is not in the OpenAPI document`);
  const where = `${op} → ${response.status}`;
  const text = await response.clone().text();
  const type = response.headers.get('content-type') ?? '';
  if (response.status >= 400) {
    if (!type.startsWith('application/problem+json'))
      throw new Error(`${where}: a failure must be problem+json, got ${type}`);
    const problem = problemBody.safeParse(JSON.parse(text));
    if (!problem.success || problem.data.status !== response.status)
      throw new Error(`${where}: not a Problem with its status: ${text.slice(0, 300)}`);
    return;
  }
  const atStatus = documented.filter((d) => d.status === response.status);
  if (!atStatus.length) throw new Error(`${where}: the document says ${documented.map((d) => d.status).join(' or ')}`);
  if (!text && atStatus.some((d) => !d.mediaType)) return;
  const answer = atStatus.find((d) => d.mediaType && type.startsWith(d.mediaType));
  if (!answer)
    throw new Error(
      `${where}: the document says ${atStatus.map((d) => d.mediaType ?? 'no body').join(' or ')}, got ${type || 'no type'} ${text.slice(0, 200)}`,
    );
  if (answer.mediaType !== 'application/json') return;
  const result = validatorFor(answer).safeParse(JSON.parse(text));
  if (!result.success)
    throw new Error(`${where}: the body does not match the documented schema:\n${z.prettifyError(result.error)}`);
}

export const contractCheck: Middleware = {
  onResponse: async ({ request, schemaPath, response }) =>
    checkAgainstDocument(await servedOperations(new URL(request.url).origin), request.method, schemaPath, response),
};

export type ClientAuth =
  | string
  | { token: string }
  | { apiKey: string }
  /** The console's session: the refresh cookie and CSRF token in `jar`, plus the access token it was given. */
  | { session: ReturnType<typeof cookieJar>; token?: string };

/** The generated client on `base`, authenticated as given, every response checked against the document. */
export function apiClient(base: string, auth?: ClientAuth): LeadlineClient {
  const token =
    typeof auth === 'string'
      ? auth
      : auth && 'apiKey' in auth
        ? auth.apiKey
        : auth && 'token' in auth
          ? auth.token
          : undefined;
  const client = createLeadlineClient(base, token ? { token } : {});
  if (auth && typeof auth === 'object' && 'session' in auth) {
    const jar = auth.session;
    // The console's browser would send its cookies and echo the readable CSRF cookie on state changes.
    client.use({
      onRequest: ({ request }) => {
        for (const [k, v] of Object.entries(jar.header())) request.headers.set(k, v);
        const csrf = jar.jar.get('ll_csrf');
        if (csrf && request.method !== 'GET') request.headers.set('x-csrf-token', decodeURIComponent(csrf));
        return request;
      },
      onResponse: async ({ response }) => {
        await jar.keep(Promise.resolve(response));
      },
    });
  }
  client.use(contractCheck);
  return client;
}
