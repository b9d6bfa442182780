/**
 * Small local stand-ins for what erasure asks of Salesforce and Google Calendar, speaking their REST shapes:
 * Salesforce sObject delete (DELETE /services/data/vXX.X/sobjects/{type}/{id}) and sObject Collections delete
 * (DELETE …/composite/sobjects?ids=…), with ENTITY_IS_DELETED for a record already gone; Google Calendar
 * events.delete (DELETE /calendar/v3/calendars/{calendarId}/events/{eventId}), 410 Gone for a deleted event.
 * Both check the bearer token; `failNext` answers the next n requests with a 503.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordStandin {
  url: string;
  /** Stores a record (`type` = sObject type or calendar id); returns its id. */
  add(type: string, id: string): void;
  has(type: string, id: string): boolean;
  deletes: string[];
  failNext: number;
  stop(): Promise<void>;
}

async function serve(
  token: string,
  route: (req: IncomingMessage, url: URL, s: RecordStandin, res: ServerResponse) => void,
) {
  const records = new Set<string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]));
    }
    if (api.failNext > 0) {
      api.failNext--;
      res.writeHead(503, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 503, message: 'Service unavailable' } }));
    }
    route(req, url, api, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const api: RecordStandin & { records: Set<string> } = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    records,
    add: (type, id) => void records.add(`${type}/${id}`),
    has: (type, id) => records.has(`${type}/${id}`),
    deletes: [],
    failNext: 0,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return api;
}

export function startSalesforceStandin(token: string): Promise<RecordStandin> {
  return serve(token, (req, url, s, res) => {
    const api = s as RecordStandin & { records: Set<string> };
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const typeOf = (id: string) => [...api.records].find((k) => k.endsWith(`/${id}`))?.split('/')[0];
    const one = url.pathname.match(/^\/services\/data\/v[\d.]+\/sobjects\/(\w+)\/(\w+)$/);
    if (req.method === 'DELETE' && one) {
      const key = `${one[1]}/${one[2]}`;
      if (!api.records.delete(key))
        return json(404, [{ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' }]);
      api.deletes.push(key);
      res.writeHead(204);
      return res.end();
    }
    if (req.method === 'DELETE' && /^\/services\/data\/v[\d.]+\/composite\/sobjects$/.test(url.pathname)) {
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length > 200) return json(400, [{ errorCode: 'EXCEEDED_ID_LIMIT', message: 'more than 200 ids' }]);
      return json(
        200,
        ids.map((id) => {
          const type = typeOf(id);
          if (!type || !api.records.delete(`${type}/${id}`))
            return {
              id,
              success: false,
              errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
            };
          api.deletes.push(`${type}/${id}`);
          return { id, success: true, errors: [] };
        }),
      );
    }
    json(404, [{ errorCode: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` }]);
  });
}

export function startGoogleCalendarStandin(token: string): Promise<RecordStandin> {
  return serve(token, (req, url, s, res) => {
    const api = s as RecordStandin & { records: Set<string> };
    const m = url.pathname.match(/^\/calendar\/v3\/calendars\/([^/]+)\/events\/([^/]+)$/);
    if (req.method === 'DELETE' && m) {
      const key = `${decodeURIComponent(m[1]!)}/${m[2]}`;
      if (!api.records.delete(key)) {
        res.writeHead(410, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            error: { code: 410, message: 'Resource has been deleted', errors: [{ reason: 'deleted' }] },
          }),
        );
      }
      api.deletes.push(key);
      res.writeHead(204);
      return res.end();
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 404, message: 'Not Found' } }));
  });
}
