/**
 * Pieces of the HubSpot stand-in that need none of its state: HubSpot's error shapes, a seeded random
 * source, and CRM search (filter groups over stored objects).
 */
import { randomUUID } from 'node:crypto';

export interface StoredObject {
  id: string;
  hubId: number;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
    super(String(body.message));
    this.status = status;
    this.body = { status: 'error', correlationId: randomUUID(), ...body };
    this.headers = headers;
  }
}
export const validation = (message: string) => new HttpError(400, { message, category: 'VALIDATION_ERROR' });
export const propertyError = (name: string, error: string, message: string, hubId: number) =>
  validation(
    `Property values were not valid: ${JSON.stringify([{ isValid: false, message, error, name, localizedErrorMessage: message, portalId: hubId }])}`,
  );

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Filter = { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] };
/** Datetime properties compare as instants (HubSpot accepts epoch ms or ISO 8601 in filters). */
const DATETIME = new Set(['hs_timestamp', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate']);
const instant = (v: unknown) => (/^\d+$/.test(String(v)) ? Number(v) : Date.parse(String(v)));

/** CRM search as HubSpot documents it: OR-ed filter groups of AND-ed filters, pages by `after`. */
export function search(
  objects: StoredObject[],
  body: unknown,
  defaultProperties: string[],
  view: (o: StoredObject) => { properties: Record<string, unknown> },
): [number, unknown] {
  const b = body as { filterGroups?: { filters: Filter[] }[]; limit?: number; after?: string; properties?: string[] };
  if ((b.limit ?? 10) > 200) throw validation('limit must be at most 200');
  const match = (o: StoredObject, f: Filter) => {
    const raw = f.propertyName === 'hs_object_id' ? o.id : (o.properties[f.propertyName] ?? '');
    if (DATETIME.has(f.propertyName) && raw !== '') {
      const t = instant(raw);
      if (f.operator === 'EQ') return t === instant(f.value);
      if (f.operator === 'GTE') return t >= instant(f.value);
      if (f.operator === 'LTE') return t <= instant(f.value);
      if (f.operator === 'BETWEEN') return t >= instant(f.value) && t <= instant(f.highValue);
    }
    const v = raw.toLowerCase();
    if (f.operator === 'EQ') return v === String(f.value ?? '').toLowerCase();
    if (f.operator === 'NEQ') return v !== String(f.value ?? '').toLowerCase();
    if (f.operator === 'IN') return (f.values ?? []).some((x) => x.toLowerCase() === v);
    if (f.operator === 'HAS_PROPERTY') return v !== '';
    throw validation(`operator ${f.operator} is not supported by this stand-in`);
  };
  const groups = b.filterGroups ?? [];
  // HubSpot's documented caps (changelog 2024-08-26): 5 filter groups, 10 filters per group, 25 in all.
  if (groups.length > 5) throw validation('too many filterGroups (max 5)');
  if (groups.some((g) => g.filters.length > 10) || groups.reduce((n, g) => n + g.filters.length, 0) > 25)
    throw validation('too many filters');
  const all = objects
    .filter((o) => groups.length === 0 || groups.some((g) => g.filters.every((f) => match(o, f))))
    .sort((x, y) => Number(x.id) - Number(y.id));
  const offset = Number(b.after ?? 0);
  const limit = b.limit ?? 10;
  const page = all.slice(offset, offset + limit);
  const wanted = ['hs_object_id', 'createdate', 'lastmodifieddate', ...(b.properties ?? defaultProperties)];
  const pick = (o: StoredObject) => {
    const full = view(o);
    return {
      ...full,
      properties: Object.fromEntries(Object.entries(full.properties).filter(([k]) => wanted.includes(k))),
    };
  };
  const next = offset + limit < all.length ? { paging: { next: { after: String(offset + limit), link: '' } } } : {};
  return [200, { total: all.length, results: page.map(pick), ...next }];
}
