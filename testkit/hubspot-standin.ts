/**
 * A local HubSpot stand-in: a real HTTP server (node:http) speaking the endpoints the HubSpot connector
 * uses, with HubSpot's limits and error shapes, so pushes can be tested and benchmarked end to end.
 *
 * Limits, per account (hub): 100 object requests per rolling 10 s (TEN_SECONDLY_ROLLING) and 5 search
 * requests per second (SECONDLY), answered with HubSpot's 429 body. A fraction of requests can be failed
 * with a random 5xx before they touch any data. Batches are validated all-or-nothing like HubSpot's
 * (unknown property, bad e-mail, > 100 inputs, duplicate ids → 400 for the whole batch); updates of missing
 * ids answer 207 with OBJECT_NOT_FOUND errors. Contacts and calls can be searched (filter groups, EQ / IN /
 * BETWEEN, datetime properties compared as instants).
 *
 * Like HubSpot, search reads an index that trails writes: with `searchLagMs`, a new record is found by search
 * only that long after it was created (reads by id or by a unique property see it at once). Properties can be
 * created (POST /crm/v3/properties/{contacts|calls}); one declared `hasUniqueValue` is enforced on create, a
 * second record with a taken value answering 409 CONFLICT with the holder's id, as HubSpot does for e-mail.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HttpError,
  mulberry32,
  propertyError,
  search,
  type StoredObject,
  validation,
} from './hubspot-standin-parts.ts';
export type { StoredObject };

export interface StandinAccount {
  hubId: number;
  token: string;
  refreshToken?: string;
  hubDomain?: string;
  user?: string;
  scopes?: string[];
}
export interface StandinOptions {
  accounts?: StandinAccount[];
  objectsPer10s?: number;
  searchPerSecond?: number;
  /** Window lengths, shortened only by tests that want to see a window roll over quickly. */
  objectsWindowMs?: number;
  searchWindowMs?: number;
  /** 0..1: share of API requests answered with a random 500/502/503 before any processing. */
  failureRate?: number;
  seed?: number;
  latencyMs?: number;
  extraProperties?: string[];
  /** Also send `Retry-After` (seconds until the window frees) on 429s; HubSpot's body alone is the default. */
  retryAfterHeader?: boolean;
  /** How long after its creation a record starts to show up in search results (HubSpot: seconds). */
  searchLagMs?: number;
  /** 0..1: share of write requests applied and then answered with a 502, as when HubSpot's answer is lost. */
  lostAnswerRate?: number;
  /** Deterministic alternative: lose the answer of the n-th (1-based) write of this kind when it says so. */
  loseAnswer?: (kind: string, n: number) => boolean;
  /** Holds a request of this kind (after counting it, before answering) until the promise settles. */
  holdRequest?: (kind: string) => Promise<void> | undefined;
  /** Fails the n-th (1-based) request of this kind with a 500 before it touches any data. */
  failRequest?: (kind: string, n: number) => boolean;
  /** Authorization codes the token endpoint accepts: code → { hubId, codeChallenge (S256) }. */
  authCodes?: Record<string, { hubId: number; codeChallenge?: string }>;
}
export interface StoredCall extends StoredObject {
  associations: { toId: string; associationTypeId: number; associationCategory: string }[];
}
export interface StandinStats {
  requests: Record<string, number>;
  total: number;
  rateLimited: Record<string, number>;
  serverErrors: number;
  unauthorized: number;
  badRequests: number;
  contacts: number;
  calls: number;
  duplicates: { email: string[]; phone: string[] };
  /** Writes applied whose answer was replaced by a 502 (lostAnswerRate). */
  lostAnswers: number;
  /** Every API request as it arrived: ms since the stand-in started, endpoint kind. */
  arrivals: { at: number; kind: string }[];
}
export interface HubspotStandin {
  url: string;
  stop(): Promise<void>;
  stats(): StandinStats;
  contacts(hubId?: number): StoredObject[];
  calls(hubId?: number): StoredCall[];
  seed(contacts: Record<string, string>[], hubId?: number): string[];
  /** Contacts removed through the GDPR delete endpoint, in order. */
  gdprDeleted(): { hubId: number; id: string; email: string | null }[];
  /** Makes a token answer 401 from now on (expired / revoked). */
  invalidateToken(token: string): void;
  /** Test hook, called as each API request arrives (before it is answered). */
  onRequest?: ((kind: string) => void) | undefined;
}

const CONTACT_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'phone',
  'mobilephone',
  'address',
  'city',
  'zip',
  'company',
  'message',
  'lifecyclestage',
  'hs_lead_status',
  'jobtitle',
  'website',
];
const READ_ONLY = ['hs_object_id', 'createdate', 'lastmodifieddate'];

interface Input {
  id?: string;
  idProperty?: string;
  properties?: Record<string, unknown>;
  objectWriteTraceId?: string;
  associations?: { to?: { id?: string }; types?: { associationCategory?: string; associationTypeId?: number }[] }[];
}

export async function startHubspotStandin(opts: StandinOptions = {}): Promise<HubspotStandin> {
  const accounts = opts.accounts ?? [{ hubId: 12345, token: 'standin-token', refreshToken: 'standin-refresh' }];
  const tokens = new Map(accounts.map((a) => [a.token, a]));
  const dead = new Set<string>();
  const known = new Set([...CONTACT_PROPERTIES, ...(opts.extraProperties ?? [])]);
  const random = mulberry32(opts.seed ?? 1);
  const contacts = new Map<string, StoredObject>();
  const calls = new Map<string, StoredCall>();
  const hits = new Map<string, number[]>();
  const gdprDeleted: { hubId: number; id: string; email: string | null }[] = [];
  const started = performance.now();
  const arrivals: { at: number; kind: string }[] = [];
  const stats = {
    requests: {} as Record<string, number>,
    total: 0,
    rateLimited: {} as Record<string, number>,
    serverErrors: 0,
    unauthorized: 0,
    badRequests: 0,
    lostAnswers: 0,
  };
  /** Per object type: custom properties created through the API, and which of them must be unique. */
  const custom = {
    contacts: new Map<string, Record<string, unknown>>(),
    calls: new Map<string, Record<string, unknown>>(),
  };
  const searchableAt = new Map<string, number>();
  const searchable = <T extends StoredObject>(list: T[]) =>
    opts.searchLagMs ? list.filter((o) => (searchableAt.get(o.id) ?? 0) <= Date.now()) : list;
  const indexLater = (id: string) => {
    if (opts.searchLagMs) searchableAt.set(id, Date.now() + opts.searchLagMs);
  };
  let nextId = 1000;

  const now = () => new Date().toISOString();
  const ofHub = <T extends StoredObject>(m: Map<string, T>, hubId: number) =>
    [...m.values()].filter((o) => o.hubId === hubId);
  const byEmail = (hubId: number, email: string) =>
    ofHub(contacts, hubId).find((c) => c.properties.email?.toLowerCase() === email.toLowerCase());
  const view = (o: StoredObject, traceId?: string) => ({
    id: o.id,
    properties: { ...o.properties, hs_object_id: o.id, createdate: o.createdAt, lastmodifieddate: o.updatedAt },
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    archived: false,
    ...(traceId ? { objectWriteTraceId: traceId } : {}),
  });

  function limited(hubId: number, bucket: 'objects' | 'search'): HttpError | null {
    const max = bucket === 'objects' ? (opts.objectsPer10s ?? 100) : (opts.searchPerSecond ?? 5);
    const windowMs = bucket === 'objects' ? (opts.objectsWindowMs ?? 10_000) : (opts.searchWindowMs ?? 1_000);
    const key = `${hubId}:${bucket}`;
    const t = Date.now();
    const times = (hits.get(key) ?? []).filter((x) => x > t - windowMs);
    hits.set(key, times);
    if (times.length < max) {
      times.push(t);
      return null;
    }
    const policyName = bucket === 'objects' ? 'TEN_SECONDLY_ROLLING' : 'SECONDLY';
    stats.rateLimited[policyName] = (stats.rateLimited[policyName] ?? 0) + 1;
    const message =
      bucket === 'objects'
        ? 'You have reached your ten_secondly_rolling limit.'
        : 'You have reached your secondly limit.';
    const wait = Math.max(1, Math.ceil(((times[0] ?? t) + windowMs - t) / 1000));
    return new HttpError(
      429,
      { message, errorType: 'RATE_LIMIT', policyName, requestId: randomUUID() },
      opts.retryAfterHeader ? { 'retry-after': String(wait) } : {},
    );
  }

  function checkContactProps(props: Record<string, unknown>, hubId: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(props)) {
      if (!known.has(name))
        throw propertyError(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`, hubId);
      if (READ_ONLY.includes(name))
        throw propertyError(
          name,
          'READ_ONLY_VALUE',
          `"${name}" is a read only property; its value cannot be set.`,
          hubId,
        );
      const v = String(value ?? '');
      if (name === 'email' && v && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v))
        throw propertyError(name, 'INVALID_EMAIL', `Email address ${v} is invalid`, hubId);
      out[name] = v;
    }
    return out;
  }

  function inputsOf(body: unknown): Input[] {
    const inputs = (body as { inputs?: unknown })?.inputs;
    if (!Array.isArray(inputs)) throw validation('Invalid input JSON: "inputs" is required');
    if (inputs.length > 100) throw validation(`Batch input size ${inputs.length} exceeds the limit of 100`);
    return inputs as Input[];
  }

  function noDuplicates(ids: string[]): void {
    const seen = new Set<string>();
    const dups = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    if (dups.length) throw validation(`Duplicate IDs found in batch input: [${dups.join(', ')}]. IDs must be unique`);
  }

  function createContact(hubId: number, props: Record<string, string>): StoredObject {
    const t = now();
    const c = { id: String(nextId++), hubId, properties: props, createdAt: t, updatedAt: t };
    contacts.set(c.id, c);
    indexLater(c.id);
    return c;
  }

  const uniqueOf = (type: 'contacts' | 'calls') =>
    [...custom[type]].filter(([, def]) => def.hasUniqueValue === true).map(([name]) => name);
  const byUnique = <T extends StoredObject>(m: Map<string, T>, hubId: number, name: string, value: string) =>
    ofHub(m, hubId).find((o) => o.properties[name] === value);

  /** HubSpot refuses a create whose unique value another record holds: 409 for the whole batch, naming the holder. */
  function checkUnique<T extends StoredObject>(
    type: 'contacts' | 'calls',
    m: Map<string, T>,
    hubId: number,
    inputs: Input[],
  ): void {
    for (const name of uniqueOf(type)) {
      const values = inputs
        .map((i) => i.properties?.[name])
        .filter((v): v is string => typeof v === 'string' && v !== '');
      noDuplicates(values);
      for (const v of values) {
        const holder = byUnique(m, hubId, name, v);
        if (holder)
          throw new HttpError(409, {
            message: `${type === 'contacts' ? 'Contact' : 'Call'} already exists. Existing ID: ${holder.id}`,
            category: 'CONFLICT',
          });
      }
    }
  }

  function createProperty(type: 'contacts' | 'calls', account: StandinAccount, body: unknown): [number, unknown] {
    const b = body as {
      name?: string;
      label?: string;
      type?: string;
      fieldType?: string;
      groupName?: string;
      hasUniqueValue?: boolean;
    };
    if (account.scopes && !account.scopes.includes(`crm.schemas.${type}.write`)) {
      throw new HttpError(403, {
        message:
          "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        errors: [
          {
            message: 'One or more of the following scopes are required.',
            context: { requiredScopes: [`crm.schemas.${type}.write`] },
          },
        ],
        category: 'MISSING_SCOPES',
      });
    }
    if (!b.name || !b.label || !b.type || !b.fieldType || !b.groupName)
      throw validation('name, label, type, fieldType and groupName are required');
    if (custom[type].has(b.name) || (type === 'contacts' && known.has(b.name)))
      throw new HttpError(409, {
        message: `Property named '${b.name}' already exists.`,
        category: 'OBJECT_ALREADY_EXISTS',
      });
    custom[type].set(b.name, { ...b });
    if (type === 'contacts') known.add(b.name);
    return [
      201,
      { ...b, hasUniqueValue: b.hasUniqueValue === true, createdAt: now(), updatedAt: now(), archived: false },
    ];
  }

  /** Batch read by id, or by e-mail or a unique property (`idProperty`): straight from the store, never lagging. */
  function batchRead<T extends StoredObject>(
    type: 'contacts' | 'calls',
    m: Map<string, T>,
    hubId: number,
    body: unknown,
  ): [number, unknown] {
    const b = body as { idProperty?: string; inputs?: { id: string }[] };
    const prop = b.idProperty;
    if (prop && !(type === 'contacts' && prop === 'email') && !uniqueOf(type).includes(prop)) {
      throw validation(`Unable to perform read by non-unique property ${prop} in portal ID ${hubId}`);
    }
    const results = (b.inputs ?? []).flatMap(({ id }) => {
      const o = !prop ? m.get(id) : prop === 'email' ? byEmail(hubId, id) : byUnique(m, hubId, prop, id);
      return o && o.hubId === hubId ? [view(o)] : [];
    });
    return [200, { status: 'COMPLETE', results, startedAt: now(), completedAt: now() }];
  }

  const handlers: Record<string, (hubId: number, body: unknown, query: URLSearchParams) => [number, unknown]> = {
    'contacts.batch.create'(hubId, body) {
      const inputs = inputsOf(body);
      const checked = inputs.map((i) => checkContactProps(i.properties ?? {}, hubId));
      const emails = checked.map((p) => p.email?.toLowerCase()).filter((e): e is string => !!e);
      noDuplicates(emails);
      checkUnique('contacts', contacts, hubId, inputs);
      for (const e of emails) {
        const existing = byEmail(hubId, e);
        if (existing)
          throw new HttpError(409, {
            message: `Contact already exists. Existing ID: ${existing.id}`,
            category: 'CONFLICT',
          });
      }
      const results = checked.map((p, i) => view(createContact(hubId, p), inputs[i]?.objectWriteTraceId));
      return [201, { status: 'COMPLETE', results, startedAt: now(), completedAt: now() }];
    },
    'contacts.batch.update'(hubId, body) {
      const inputs = inputsOf(body);
      noDuplicates(inputs.map((i) => String(i.id)));
      const checked = inputs.map((i) => checkContactProps(i.properties ?? {}, hubId));
      const missing = inputs.filter((i) => contacts.get(String(i.id))?.hubId !== hubId).map((i) => String(i.id));
      const results = inputs.flatMap((input, n) => {
        const c = contacts.get(String(input.id));
        if (!c || c.hubId !== hubId) return [];
        Object.assign(c.properties, checked[n]);
        c.updatedAt = now();
        return [view(c, input.objectWriteTraceId)];
      });
      const errors = missing.length
        ? [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message:
                'Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.',
              context: { ids: missing },
            },
          ]
        : [];
      return [
        errors.length ? 207 : 200,
        {
          status: 'COMPLETE',
          results,
          ...(errors.length ? { errors, numErrors: errors.length } : {}),
          startedAt: now(),
          completedAt: now(),
        },
      ];
    },
    'contacts.batch.upsert'(hubId, body) {
      const inputs = inputsOf(body);
      for (const i of inputs)
        if (i.idProperty !== 'email')
          throw validation(`Upsert by idProperty "${i.idProperty}" is not supported by this stand-in; use email`);
      noDuplicates(inputs.map((i) => String(i.id).toLowerCase()));
      const checked = inputs.map((i) => checkContactProps({ ...i.properties, email: i.id }, hubId));
      const results = inputs.map((input, n) => {
        const props = checked[n] ?? {};
        const existing = byEmail(hubId, String(input.id));
        if (existing) {
          Object.assign(existing.properties, props);
          existing.updatedAt = now();
          return { ...view(existing, input.objectWriteTraceId), new: false };
        }
        return { ...view(createContact(hubId, props), input.objectWriteTraceId), new: true };
      });
      return [200, { status: 'COMPLETE', results, startedAt: now(), completedAt: now() }];
    },
    'contacts.batch.read': (hubId, body) => batchRead('contacts', contacts, hubId, body),
    'calls.batch.read': (hubId, body) => batchRead('calls', calls, hubId, body),
    'contacts.search': (hubId, body) =>
      search(searchable(ofHub(contacts, hubId)), body, ['firstname', 'lastname', 'email'], view),
    'calls.search': (hubId, body) => search(searchable(ofHub(calls, hubId)), body, ['hs_timestamp'], view),
    'calls.batch.create'(hubId, body) {
      const inputs = inputsOf(body);
      checkUnique('calls', calls, hubId, inputs);
      for (const i of inputs) {
        if (!i.properties?.hs_timestamp)
          throw propertyError('hs_timestamp', 'REQUIRED', 'hs_timestamp is required', hubId);
        for (const a of i.associations ?? []) {
          const target = contacts.get(String(a.to?.id));
          if (!target || target.hubId !== hubId)
            throw validation(`Association target contact ${a.to?.id} does not exist`);
          for (const t of a.types ?? []) {
            if (t.associationCategory === 'HUBSPOT_DEFINED' && t.associationTypeId !== 194)
              throw validation(`associationTypeId ${t.associationTypeId} is not valid between calls and contacts`);
          }
        }
      }
      const results = inputs.map((i) => {
        const t = now();
        const call: StoredCall = {
          id: String(nextId++),
          hubId,
          createdAt: t,
          updatedAt: t,
          properties: Object.fromEntries(Object.entries(i.properties ?? {}).map(([k, v]) => [k, String(v)])),
          associations: (i.associations ?? []).flatMap((a) =>
            (a.types ?? []).map((ty) => ({
              toId: String(a.to?.id),
              associationTypeId: Number(ty.associationTypeId),
              associationCategory: String(ty.associationCategory),
            })),
          ),
        };
        calls.set(call.id, call);
        indexLater(call.id);
        return view(call, i.objectWriteTraceId);
      });
      return [201, { status: 'COMPLETE', results, startedAt: now(), completedAt: now() }];
    },
    'properties.contacts'() {
      const results = [...known, ...READ_ONLY]
        .filter((name) => !custom.contacts.has(name))
        .map((name) => ({
          name,
          label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
          type: 'string',
          fieldType: 'text',
          groupName: 'contactinformation',
          description: '',
          options: [],
          hidden: false,
          calculated: false,
          hubspotDefined: CONTACT_PROPERTIES.includes(name) || READ_ONLY.includes(name),
          modificationMetadata: {
            archivable: false,
            readOnlyDefinition: true,
            readOnlyValue: READ_ONLY.includes(name),
          },
        }));
      const created = [...custom.contacts.values()].map((p) => ({
        ...p,
        description: '',
        options: [],
        hidden: false,
        calculated: false,
        hubspotDefined: false,
        modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
      }));
      return [200, { results: [...results, ...created] }];
    },
  };

  /** POST /crm/v3/objects/contacts/gdpr-delete: the contact (by id, or by e-mail with idProperty) is gone for good. */
  function gdprDelete(hubId: number, body: { objectId?: string; idProperty?: string }): [number, unknown] {
    const match = [...contacts.values()].find(
      (c) =>
        c.hubId === hubId &&
        (body.idProperty === 'email'
          ? c.properties.email?.toLowerCase() === String(body.objectId ?? '').toLowerCase()
          : c.id === String(body.objectId)),
    );
    if (!match)
      return [
        404,
        { status: 'error', message: 'Object not found.', category: 'OBJECT_NOT_FOUND', correlationId: randomUUID() },
      ];
    contacts.delete(match.id);
    gdprDeleted.push({ hubId, id: match.id, email: match.properties.email ?? null });
    return [204, null];
  }

  function tokenAnswer(account: StandinAccount): [number, unknown] {
    const token = `standin-${randomUUID()}`;
    const next: StandinAccount = { ...account, token };
    tokens.set(token, next);
    return [
      200,
      {
        access_token: token,
        refresh_token: account.refreshToken ?? 'standin-refresh',
        expires_in: 1800,
        token_type: 'bearer',
      },
    ];
  }

  function oauth(method: string, path: string, raw: string): [number, unknown] | null {
    const info = path.match(/^\/oauth\/v1\/access-tokens\/([^/]+)$/);
    if (method === 'GET' && info) {
      const a = tokens.get(decodeURIComponent(info[1] ?? ''));
      if (!a || dead.has(a.token))
        return [
          404,
          { status: 'error', message: 'Token not found', category: 'OBJECT_NOT_FOUND', correlationId: randomUUID() },
        ];
      return [
        200,
        {
          token: a.token,
          user: a.user ?? 'owner@standin.test',
          hub_domain: a.hubDomain ?? `standin-${a.hubId}.com`,
          scopes: a.scopes ?? ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
          hub_id: a.hubId,
          app_id: 1,
          expires_in: 1800,
          user_id: 1,
          token_type: 'access',
        },
      ];
    }
    const revoke = path.match(/^\/oauth\/v1\/refresh-tokens\/([^/]+)$/);
    if (method === 'DELETE' && revoke) {
      const rt = decodeURIComponent(revoke[1] ?? '');
      const a = accounts.find((x) => x.refreshToken === rt);
      if (!a) return [404, { status: 'error', message: 'refresh token not found' }];
      a.refreshToken = `revoked-${randomUUID()}`;
      return [204, null];
    }
    if (method === 'POST' && path === '/oauth/v1/token') {
      const form = new URLSearchParams(raw);
      if (form.get('grant_type') === 'refresh_token') {
        const a = accounts.find((x) => x.refreshToken && x.refreshToken === form.get('refresh_token'));
        return a
          ? tokenAnswer(a)
          : [
              400,
              { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token', correlationId: randomUUID() },
            ];
      }
      const code = opts.authCodes?.[form.get('code') ?? ''];
      const a = code && accounts.find((x) => x.hubId === code.hubId);
      const verifier = form.get('code_verifier') ?? '';
      const challengeOk =
        !code?.codeChallenge || createHash('sha256').update(verifier).digest('base64url') === code.codeChallenge;
      if (!a || !challengeOk)
        return [400, { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', correlationId: randomUUID() }];
      delete opts.authCodes?.[form.get('code') ?? ''];
      return tokenAnswer(a);
    }
    return null;
  }

  const routes: [string, RegExp, string, 'objects' | 'search'][] = [
    ['POST', /^\/crm\/v3\/objects\/contacts\/batch\/(create|update|upsert|read)$/, 'contacts.batch.', 'objects'],
    ['POST', /^\/crm\/v3\/objects\/contacts\/search$/, 'contacts.search', 'search'],
    ['POST', /^\/crm\/v3\/objects\/calls\/batch\/(create|read)$/, 'calls.batch.', 'objects'],
    ['POST', /^\/crm\/v3\/objects\/calls\/search$/, 'calls.search', 'search'],
    ['GET', /^\/crm\/v3\/properties\/contacts$/, 'properties.contacts', 'objects'],
    ['POST', /^\/crm\/v3\/properties\/(contacts|calls)$/, 'properties.create.', 'objects'],
    ['POST', /^\/crm\/v3\/objects\/contacts\/gdpr-delete$/, 'contacts.gdpr-delete', 'objects'],
    ['DELETE', /^\/crm\/v3\/objects\/calls\/(\d+)$/, 'calls.archive', 'objects'],
  ];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (status === 400 || status === 409) stats.badRequests++;
      res.writeHead(status, body === null ? headers : { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(body === null ? undefined : JSON.stringify(body));
    };
    const count = (kind: string) => {
      stats.total++;
      stats.requests[kind] = (stats.requests[kind] ?? 0) + 1;
      arrivals.push({ at: performance.now() - started, kind });
      api.onRequest?.(kind);
    };
    try {
      const o = oauth(method, url.pathname, raw);
      if (o) {
        count(`oauth.${url.pathname.split('/')[3] ?? ''}`);
        return send(o[0], o[1]);
      }
      const route = routes.find(([m, re]) => m === method && re.test(url.pathname));
      if (!route)
        return send(404, {
          status: 'error',
          message: `no route ${method} ${url.pathname}`,
          category: 'OBJECT_NOT_FOUND',
        });
      const kind = route[2].endsWith('.') ? route[2] + (url.pathname.match(route[1])?.[1] ?? '') : route[2];
      count(kind);
      await opts.holdRequest?.(kind);
      const auth = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const account = tokens.get(auth);
      if (!account || dead.has(auth)) {
        stats.unauthorized++;
        return send(401, {
          status: 'error',
          message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
          category: 'INVALID_AUTHENTICATION',
          correlationId: randomUUID(),
        });
      }
      const limit = limited(account.hubId, route[3]);
      if (limit) return send(limit.status, limit.body, limit.headers);
      if (opts.failureRate && random() < opts.failureRate) {
        stats.serverErrors++;
        const status = [500, 502, 503][Math.floor(random() * 3)] ?? 500;
        return send(status, {
          status: 'error',
          message: 'internal error',
          category: 'INTERNAL_ERROR',
          correlationId: randomUUID(),
        });
      }
      if (opts.failRequest?.(kind, stats.requests[kind] ?? 0)) {
        stats.serverErrors++;
        return send(500, { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' });
      }
      const body = raw ? JSON.parse(raw) : {};
      if (kind === 'calls.archive') {
        // HubSpot answers 204 whether or not the object existed.
        const id = url.pathname.split('/').pop() ?? '';
        if (calls.get(id)?.hubId === account.hubId) calls.delete(id);
        return send(204, null);
      }
      if (kind === 'contacts.gdpr-delete') {
        const [status, out] = gdprDelete(account.hubId, body as { objectId?: string; idProperty?: string });
        return send(status, out);
      }
      if (kind.startsWith('properties.create.')) {
        const [status, out] = createProperty(kind.endsWith('calls') ? 'calls' : 'contacts', account, body);
        return send(status, out);
      }
      const handler = handlers[kind];
      if (!handler) return send(404, { status: 'error', message: 'unknown endpoint' });
      const [status, out] = handler(account.hubId, body, url.searchParams);
      const write = /batch\.(create|update|upsert)$/.test(kind);
      const nth = stats.requests[kind] ?? 0;
      if (write && (opts.loseAnswer?.(kind, nth) || (opts.lostAnswerRate && random() < opts.lostAnswerRate))) {
        stats.lostAnswers++;
        return send(502, {
          status: 'error',
          message: 'Bad Gateway',
          category: 'INTERNAL_ERROR',
          correlationId: randomUUID(),
        });
      }
      send(status, out);
    } catch (e) {
      if (e instanceof HttpError) return send(e.status, e.body);
      if (e instanceof SyntaxError)
        return send(400, { status: 'error', message: 'Invalid input JSON', category: 'VALIDATION_ERROR' });
      send(500, { status: 'error', message: String(e), category: 'INTERNAL_ERROR' });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const defaultHub = accounts[0]?.hubId ?? 12345;

  const duplicatesOf = (prop: string) => {
    const seen = new Map<string, number>();
    for (const c of contacts.values()) {
      const v = c.properties[prop]?.toLowerCase();
      if (v) seen.set(`${c.hubId}:${v}`, (seen.get(`${c.hubId}:${v}`) ?? 0) + 1);
    }
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k.slice(k.indexOf(':') + 1));
  };

  const api: HubspotStandin = {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    stats: () => ({
      ...stats,
      arrivals: [...arrivals],
      requests: { ...stats.requests },
      rateLimited: { ...stats.rateLimited },
      contacts: contacts.size,
      calls: calls.size,
      duplicates: { email: duplicatesOf('email'), phone: duplicatesOf('phone') },
    }),
    contacts: (hubId = defaultHub) => ofHub(contacts, hubId).map((c) => ({ ...c, properties: { ...c.properties } })),
    calls: (hubId = defaultHub) =>
      ofHub(calls, hubId).map((c) => ({ ...c, properties: { ...c.properties }, associations: [...c.associations] })),
    seed(list, hubId = defaultHub) {
      return list.map((props) => createContact(hubId, { ...props }).id);
    },
    invalidateToken(token) {
      dead.add(token);
    },
    gdprDeleted: () => [...gdprDeleted],
  };
  return api;
}
