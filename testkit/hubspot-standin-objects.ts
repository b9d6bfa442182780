/**
 * The HubSpot stand-in's CRM objects: contacts and calls per account (hub), their batch endpoints with
 * HubSpot's all-or-nothing validation, search over an index that trails writes, and GDPR delete.
 */
import { randomUUID } from 'node:crypto';
import { HttpError, propertyError, search, type StoredObject, validation } from './hubspot-standin-parts.ts';
import type { ObjectType, PropertyCatalogue } from './hubspot-standin-properties.ts';
import type { StandinOptions, StoredCall } from './hubspot-standin-types.ts';

interface Input {
  id?: string;
  idProperty?: string;
  properties?: Record<string, unknown>;
  objectWriteTraceId?: string;
  associations?: { to?: { id?: string }; types?: { associationCategory?: string; associationTypeId?: number }[] }[];
}

export type ObjectHandler = (hubId: number, body: unknown, query: URLSearchParams) => [number, unknown];

export function objectStore(opts: Pick<StandinOptions, 'searchLagMs'>, catalogue: PropertyCatalogue) {
  const { checkContactProps, uniqueOf } = catalogue;
  const contacts = new Map<string, StoredObject>();
  const calls = new Map<string, StoredCall>();
  const gdprDeleted: { hubId: number; id: string; email: string | null }[] = [];
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

  const byUnique = <T extends StoredObject>(m: Map<string, T>, hubId: number, name: string, value: string) =>
    ofHub(m, hubId).find((o) => o.properties[name] === value);

  /** HubSpot refuses a create whose unique value another record holds: 409 for the whole batch, naming the holder. */
  function checkUnique<T extends StoredObject>(
    type: ObjectType,
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

  /** Batch read by id, or by e-mail or a unique property (`idProperty`): straight from the store, never lagging. */
  function batchRead<T extends StoredObject>(
    type: ObjectType,
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

  const handlers: Record<string, ObjectHandler> = {
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
    'properties.contacts': () => catalogue.listContactProperties(),
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

  /** DELETE /crm/v3/objects/calls/{id}: HubSpot answers 204 whether or not the object existed. */
  function archiveCall(hubId: number, id: string): [number, unknown] {
    if (calls.get(id)?.hubId === hubId) calls.delete(id);
    return [204, null];
  }

  return { contacts, calls, gdprDeleted, ofHub, createContact, handlers, gdprDelete, archiveCall };
}
