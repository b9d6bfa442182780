/**
 * The app with a webhook dispatcher running, on a database of its own (a dispatcher sends every due
 * delivery it finds, so it must not see other test files' rows), plus the calls webhook tests repeat.
 */
import { type Dispatcher, type DispatcherOptions, startWebhookDispatcher } from '../server/webhooks/dispatcher.ts';
import { startTestApp, type TestApp } from './app.ts';
import { call, createBusinessVia, signup } from './http.ts';
import { ownDatabase } from './own-database.ts';

export interface WebhookApp extends TestApp {
  dispatcher: Dispatcher;
  /** An owner with a business, for endpoints. */
  tenant(): Promise<{ token: string; email: string; businessId: string }>;
  /** Creates an endpoint through the API; returns its id and secret (throws unless 201). */
  endpoint(
    t: { token: string; businessId: string },
    url: string,
    events?: string[],
  ): Promise<{ id: string; secret: string }>;
  /** The endpoint's log rows once `n` attempts are recorded. */
  attempts(endpointId: string, n?: number, timeoutMs?: number): Promise<AttemptRow[]>;
}

export interface AttemptRow {
  ok: boolean;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  latencyMs: number;
}

export async function startWebhookApp(env: Record<string, string>, opts: DispatcherOptions = {}): Promise<WebhookApp> {
  const database = await ownDatabase('webhooks');
  const app = await startTestApp({ env: { DATABASE_URL: database.url, ...env } });
  const dispatcher = startWebhookDispatcher(app.ctx, { pollMs: 50, ...opts });
  return {
    ...app,
    dispatcher,
    async tenant() {
      const u = await signup(app.url, 'owner');
      const b = await createBusinessVia(app.url, u.accessToken);
      return { token: u.accessToken, email: u.email, businessId: b.id };
    },
    async endpoint(t, url, events = ['lead.created']) {
      const r = await call(app.url, 'POST', `/api/v1/businesses/${t.businessId}/webhooks`, {
        token: t.token,
        body: { url, events },
      });
      if (r.status !== 201) throw new Error(`endpoint not created: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async attempts(endpointId, n = 1, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const rows = await app.ctx.db.webhookAttempt.findMany({
          where: { endpointId },
          orderBy: { createdAt: 'asc' },
        });
        if (rows.length >= n) return rows;
        if (Date.now() > end) throw new Error(`only ${rows.length} of ${n} attempts logged`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await dispatcher.stop();
      await app.close();
      await database.drop();
    },
  };
}
