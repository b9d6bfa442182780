/**
 * Creates HubSpot makes idempotent itself: a custom property with `hasUniqueValue: true` on contacts
 * (`leadline_person_key`) and on calls (`leadline_call_key`). A create carrying a key HubSpot already holds
 * is refused with 409 CONFLICT ("… already exists. Existing ID: 123") instead of making a second record, so
 * a create whose answer was lost (a 5xx after HubSpot committed, a killed worker, a drain that lost its
 * lease) can simply be sent again. This does not depend on search, whose index trails writes by seconds.
 *
 * The properties are made when the app is installed (`prepareUniqueKeys`, from the OAuth callback, with the
 * optional `crm.schemas.contacts.write` and `crm.schemas.calls.write` scopes), so a backlog's first creates
 * need not wait for them; an install older than them, or one whose attempt failed, gets them from its first
 * push (`ensureUniqueKeys`). Where a scope was not granted (403 MISSING_SCOPES) the connector falls back to
 * looking records up before creating them — weaker: a record created moments before by a push whose answer
 * was lost may not be searchable yet, and is then created twice.
 */
import type {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import type { ConnectorError, LedgerEntry, SyncContext } from '../types.ts';
import type { BatchAnswer, BatchResultRow } from './batch-write.ts';
import { classifyHubspotError } from './client.ts';
import type { HubspotSession } from './session.ts';

export const PERSON_KEY = 'leadline_person_key';
export const CALL_KEY = 'leadline_call_key';

export interface UniqueKeys {
  /** Contacts carry PERSON_KEY and HubSpot enforces it. */
  person: boolean;
  /** Calls carry CALL_KEY and HubSpot enforces it. */
  call: boolean;
}

/** Ledger kind remembering what the portal has: localId = object type, externalId = property or UNAVAILABLE…. */
const LEDGER_KIND = 'hubspot:unique-property';
const UNAVAILABLE = 'unavailable@';
/** A portal that refused is asked again after this long (the owner may have reinstalled with the scope). */
const RECHECK_MS = 24 * 3600_000;

const DEFINITIONS = {
  contacts: {
    name: PERSON_KEY,
    label: 'Leadline person key',
    groupName: 'contactinformation',
    description: 'Set by Leadline on contacts it creates; keeps it from creating one person twice.',
  },
  calls: {
    name: CALL_KEY,
    label: 'Leadline call key',
    groupName: 'callinformation',
    description: 'Set by Leadline on calls it logs; keeps it from logging one call twice.',
  },
} as const;
type ObjectType = keyof typeof DEFINITIONS;
const TYPES = Object.keys(DEFINITIONS) as ObjectType[];

/** What the ledger says about a type after an attempt: the property, or when the portal refused it. */
const entryFor = (type: ObjectType, made: boolean): LedgerEntry => ({
  kind: LEDGER_KIND,
  localId: type,
  externalId: made ? DEFINITIONS[type].name : `${UNAVAILABLE}${Date.now()}`,
});

/**
 * At install: creates both properties, answering the ledger entries for the install to write. A type
 * HubSpot could not answer for (failing, rate-limited) gets no entry, so the first push tries it again.
 */
export async function prepareUniqueKeys(session: HubspotSession): Promise<LedgerEntry[]> {
  const made = await Promise.all(TYPES.map((type) => createProperty(session, type).catch(() => null)));
  return TYPES.flatMap((type, i) => (made[i] === null ? [] : [entryFor(type, made[i]!)]));
}

/**
 * Which unique keys the portal has: one ledger read, creating what the install did not. When that cannot be
 * learned (HubSpot failing, our budget saying wait) it throws HubSpot's error: the push must not guess,
 * since creating without keys now and with them on the next push would let a keyless create whose answer
 * was lost be created again under a key, which HubSpot cannot match.
 */
export async function ensureUniqueKeys(session: HubspotSession, ctx: SyncContext): Promise<UniqueKeys> {
  const known = await ctx.ledger.getMany(LEDGER_KIND, TYPES);
  const has = async (type: ObjectType): Promise<boolean> => {
    const seen = known.get(type);
    if (seen === DEFINITIONS[type].name) return true;
    if (seen?.startsWith(UNAVAILABLE) && Date.now() - Number(seen.slice(UNAVAILABLE.length)) < RECHECK_MS) return false;
    const made = await createProperty(session, type);
    const entry = entryFor(type, made);
    await ctx.ledger.put(entry.kind, entry.localId, entry.externalId);
    return made;
  };
  const [person, call] = await Promise.all([has('contacts'), has('calls')]);
  return { person, call };
}

/** true: the property exists now; false: the portal refused (scope, plan); throws when it cannot tell. */
async function createProperty(session: HubspotSession, type: ObjectType): Promise<boolean> {
  const def = DEFINITIONS[type];
  try {
    // Safe to re-send after a 5xx: a property HubSpot did create answers 409 the second time.
    const property = {
      ...def,
      type: 'string' as PropertyCreateTypeEnum,
      fieldType: 'text' as PropertyCreateFieldTypeEnum,
      hasUniqueValue: true,
      formField: false,
    };
    await session.run('objects', (c) => c.crm.properties.coreApi.create(type, property), { idempotent: true });
    return true;
  } catch (e) {
    const err = classifyHubspotError(e);
    // A property of that name is already there: ours, from an earlier install (409 OBJECT_ALREADY_EXISTS).
    if (err.httpStatus === 409) return true;
    // Not granted (403 MISSING_SCOPES is not a dead grant here: the scope is optional) or refused as invalid.
    if (err.httpStatus === 403 || err.httpStatus === 400) return false;
    throw err;
  }
}

/** The id HubSpot names in a 409 CONFLICT message, if it names one. */
export function existingIdOf(err: ConnectorError): string | null {
  return err.httpStatus === 409 ? (/Existing ID:\s*(\d+)/i.exec(err.message)?.[1] ?? null) : null;
}

interface KeyedInput {
  properties?: Record<string, string>;
  objectWriteTraceId?: string;
}

/**
 * Batch-creates inputs that carry a unique key. On 409 (some key is taken: an earlier create of ours whose
 * answer was lost, or another drain's), the holders are read by key — an exact read, not a lagging search —
 * and adopted; only the rest is created. Answers as the create would have, one result per input.
 */
export async function createOrAdopt<I extends KeyedInput>(
  inputs: I[],
  key: string,
  create: (inputs: I[]) => Promise<BatchAnswer>,
  readByKey: (values: string[]) => Promise<BatchAnswer>,
): Promise<BatchAnswer> {
  let conflict: ConnectorError;
  try {
    return await create(inputs);
  } catch (e) {
    conflict = classifyHubspotError(e);
    if (conflict.httpStatus !== 409) throw conflict;
  }
  const keyValueOf = (i: I) => i.properties?.[key] ?? '';
  const only = inputs.length === 1 ? inputs[0] : undefined;
  const named = existingIdOf(conflict);
  if (only && named)
    return {
      results: [{ id: named, ...(only.objectWriteTraceId ? { objectWriteTraceId: only.objectWriteTraceId } : {}) }],
    };

  const held = await readByKey(inputs.map(keyValueOf).filter((v) => v !== ''));
  const idByValue = new Map(held.results.map((r) => [r.properties?.[key] ?? '', String(r.id)]));
  const adopted: BatchResultRow[] = [];
  const rest: I[] = [];
  for (const i of inputs) {
    const id = idByValue.get(keyValueOf(i));
    if (id) adopted.push({ id, ...(i.objectWriteTraceId ? { objectWriteTraceId: i.objectWriteTraceId } : {}) });
    else rest.push(i);
  }
  // A key taken again meanwhile (another drain's create) fails this round; the next one adopts it.
  if (rest.length === inputs.length) throw conflict;
  const created = rest.length ? await create(rest) : { results: [] };
  return { results: [...adopted, ...created.results], ...(created.errors ? { errors: created.errors } : {}) };
}
