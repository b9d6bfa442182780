import { z } from 'zod';

/** Every route declared through `defineRoute` lands here, so the OpenAPI document cannot drift from the validators. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string; // express style, /api/v1/businesses/:id
  summary: string;
  tag: string;
  auth: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
  /** Media type of the success body when it is not JSON (e.g. `text/csv`); documented as a string. */
  responseType?: string;
  /** Media type of a request body that is not JSON (e.g. `text/csv`, read by the handler as a stream); a string. */
  requestType?: string;
  /** Request headers the route reads (e.g. a signature), documented as header parameters. */
  headers?: z.ZodType;
  description?: string;
  status?: number;
  /**
   * Success answers besides `status` (a browser gets a page where an API client gets JSON, a redirect, work
   * held for later), so the document lists every answer the route gives.
   */
  alsoAnswers?: AlsoAnswer[];
  /** Takes an `Idempotency-Key` header. */
  idempotent?: boolean;
}

export interface AlsoAnswer {
  status: number;
  description: string;
  response?: z.ZodType;
  /** Media type when not JSON, documented as a string (e.g. `text/html`). */
  responseType?: string;
}

/** An outgoing webhook event: its envelope `{type, timestamp, data}` goes in the document's `webhooks`. */
export interface WebhookDoc {
  type: string;
  summary: string;
  version: number;
  data: z.ZodType;
}

/** The route's success responses by status; answers sharing a status list each media type. */
function successes(r: RouteDoc, schema: (s: z.ZodType) => unknown) {
  const out: Record<string, { description: string; content?: Record<string, { schema: unknown }> }> = {};
  const answers: AlsoAnswer[] = [{ ...r, status: r.status ?? 200, description: 'Success' }, ...(r.alsoAnswers ?? [])];
  for (const a of answers) {
    const code = String(a.status);
    const entry = out[code] ?? { description: a.description };
    if (entry.description !== a.description) entry.description += `; ${a.description}`;
    out[code] = entry;
    const media = a.responseType
      ? { [a.responseType]: { schema: { type: 'string' } } }
      : a.response
        ? { 'application/json': { schema: schema(a.response) } }
        : null;
    if (media) entry.content = { ...entry.content, ...media };
  }
  return out;
}

export class OpenApiRegistry {
  readonly routes: RouteDoc[] = [];
  readonly webhooks: WebhookDoc[] = [];
  add(doc: RouteDoc) {
    this.routes.push(doc);
  }
  addWebhook(type: string, summary: string, version: number, data: z.ZodType) {
    this.webhooks.push({ type, summary, version, data });
  }

  document(info: { title: string; version: string; serverUrl: string }) {
    const paths: Record<string, Record<string, unknown>> = {};
    const schema = (s: z.ZodType) =>
      z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    for (const r of this.routes) {
      const oasPath = r.path.replace(/:(\w+)/g, '{$1}');
      const parameters: unknown[] = [];
      for (const [where, s] of [
        ['path', r.params],
        ['query', r.query],
        ['header', r.headers],
      ] as const) {
        const js = s ? (schema(s) as { properties?: Record<string, unknown>; required?: string[] }) : null;
        for (const [name, p] of Object.entries(js?.properties ?? {})) {
          parameters.push({
            name,
            in: where,
            required: where === 'path' || (js?.required ?? []).includes(name),
            schema: p,
          });
        }
      }
      if (r.idempotent)
        parameters.push({
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Same key and body within 24 h: the first response again, nothing done twice. Same key, other body: 422.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        });
      paths[oasPath] ??= {};
      paths[oasPath][r.method] = {
        summary: r.summary,
        ...(r.description ? { description: r.description } : {}),
        tags: [r.tag],
        ...(r.auth ? { security: [{ bearer: [] }, { apiKey: [] }] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(r.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body) } } } }
          : r.requestType
            ? { requestBody: { required: true, content: { [r.requestType]: { schema: { type: 'string' } } } } }
            : {}),
        responses: {
          ...successes(r, schema),
          default: {
            description: 'Problem',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      };
    }
    const webhooks: Record<string, unknown> = {};
    for (const w of this.webhooks) {
      const envelope = z.object({ type: z.literal(w.type), timestamp: z.string(), data: w.data });
      webhooks[w.type] = {
        post: {
          summary: w.summary,
          description:
            `Version ${w.version}. Signed per Standard Webhooks: \`webhook-id\` (stable across retries), ` +
            '`webhook-timestamp`, `webhook-signature`. Any 2xx within the timeout acknowledges it.',
          operationId: `webhook_${w.type.replace(/\W/g, '_')}`,
          'x-event-version': w.version,
          requestBody: { required: true, content: { 'application/json': { schema: schema(envelope) } } },
          responses: { '2XX': { description: 'Received' } },
        },
      };
    }
    return {
      openapi: '3.1.0',
      info: { title: info.title, version: info.version },
      servers: [{ url: info.serverUrl }],
      paths,
      webhooks,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key (ll_sk_…) as a bearer token' },
        },
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status'],
            properties: {
              type: { type: 'string', format: 'uri' },
              title: { type: 'string' },
              status: { type: 'integer' },
              detail: { type: 'string' },
              instance: { type: 'string' },
              errors: {
                type: 'array',
                items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
              },
            },
          },
        },
      },
    };
  }
}
