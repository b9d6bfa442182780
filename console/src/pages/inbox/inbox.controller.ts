import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { paths } from '../../../../client/index.ts';
import { ok, type Session } from '../../session.ts';

type InboxOperation = paths['/api/v1/businesses/{id}/inbox']['get'];
type InboxResponse = InboxOperation['responses'][200]['content']['application/json'];
type InboxQuery = NonNullable<InboxOperation['parameters']['query']>;

/** The server's inbox row, as the typed client generates it from the OpenAPI document. */
export type InboxItem = InboxResponse['items'][number];

/** What the filter controls hold (the selects' values are the API's own). */
export interface InboxFilters {
  temperature?: string;
  handled?: string;
  service?: string;
  from?: string;
  to?: string;
  q?: string;
}

/** Pure: the inbox query of a filter set (empty values left out; dates as whole local days). */
export function inboxQuery(f: InboxFilters, cursor?: string | null): InboxQuery {
  const q: InboxQuery = {};
  if (f.temperature) q.temperature = f.temperature as InboxQuery['temperature'];
  if (f.handled) q.handled = f.handled as InboxQuery['handled'];
  if (f.service) q.service = f.service;
  if (f.from) q.from = new Date(`${f.from}T00:00:00`).toISOString();
  if (f.to) q.to = new Date(new Date(`${f.to}T00:00:00`).getTime() + 86_400_000).toISOString();
  if (f.q) q.q = f.q;
  if (cursor) q.cursor = cursor;
  return q;
}

/** Pure: the same as a query string (a link to a filtered inbox). */
export const inboxSearch = (f: InboxFilters, cursor?: string | null): string =>
  new URLSearchParams(inboxQuery(f, cursor) as Record<string, string>).toString();

/**
 * Pure: a fresh first page merged into what is shown: changed rows replaced, new ones on top, and rows the
 * fresh page covers but no longer holds (they stopped matching the filters) dropped.
 */
export function mergeFresh(
  shown: InboxItem[],
  fresh: InboxItem[],
  freshIsAll: boolean,
): { items: InboxItem[]; added: number } {
  const byId = new Map(fresh.map((i) => [i.callId, i]));
  const known = new Set(shown.map((i) => i.callId));
  const added = fresh.filter((i) => !known.has(i.callId));
  const oldest = fresh.at(-1)?.startedAt ?? '';
  const kept = shown
    .filter((i) => byId.has(i.callId) || (!freshIsAll && i.startedAt < oldest))
    .map((i) => byId.get(i.callId) ?? i);
  return { items: [...added, ...kept], added: added.length };
}

/** The inbox's state: filters, loaded rows, the next cursor. */
export class InboxController implements ReactiveController {
  items: InboxItem[] = [];
  next: string | null = null;
  loading = false;
  error = '';
  filters: InboxFilters = {};
  private readonly _host: ReactiveControllerHost;
  private readonly _ctx: () => { session: Session; businessId: string } | null;
  private _generation = 0;

  constructor(host: ReactiveControllerHost, ctx: () => { session: Session; businessId: string } | null) {
    this._host = host;
    this._ctx = ctx;
    host.addController(this);
  }

  hostConnected() {}

  private async _fetch(cursor: string | null) {
    const c = this._ctx();
    if (!c) return null;
    return ok(
      await c.session.client.GET('/api/v1/businesses/{id}/inbox', {
        params: { path: { id: c.businessId }, query: inboxQuery(this.filters, cursor) },
      }),
    );
  }

  async reload() {
    const gen = ++this._generation;
    this.loading = true;
    this.error = '';
    this._host.requestUpdate();
    try {
      const page = await this._fetch(null);
      if (gen !== this._generation || !page) return;
      this.items = page.items;
      this.next = page.next;
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      if (gen === this._generation) this.loading = false;
      this._host.requestUpdate();
    }
  }

  async more() {
    if (!this.next) return;
    const gen = this._generation;
    const page = await this._fetch(this.next);
    if (gen !== this._generation || !page) return;
    this.items = [...this.items, ...page.items];
    this.next = page.next;
    this._host.requestUpdate();
  }

  /** After a live event: the first page again, merged. Returns how many rows are new. */
  async refresh(): Promise<number> {
    const gen = this._generation;
    const page = await this._fetch(null);
    if (gen !== this._generation || !page) return 0;
    const { items, added } = mergeFresh(this.items, page.items, page.next === null);
    this.items = items;
    if (this.items.length === page.items.length) this.next = page.next;
    this._host.requestUpdate();
    return added;
  }
}
