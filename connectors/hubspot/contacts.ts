/**
 * Makes each lead's contact present in HubSpot, reusing what the ledger knows before asking HubSpot:
 *   1. ledger `lead:contact`, else `email:contact` (leads with an e-mail), else `phone:contact` (phone-only
 *      leads) → batch update that contact; a 404 (deleted/merged in HubSpot) sends the lead on to step 2/3;
 *   2. leads with an e-mail → batch upsert with idProperty email (one request both matches and creates);
 *   3. phone-only leads → search `phone IN [...]` (cached in `phone:contact`), batch update the matches,
 *      batch create the rest; leads with neither are created by themselves. Creates carry the unique
 *      person key when the portal has it (unique-keys.ts): a contact search does not see yet (HubSpot's
 *      index trails writes) is then adopted on the 409 instead of created twice.
 * Steps 2 and 3 run side by side (see syncContacts). Leads sharing an e-mail or phone in one push become one
 * input, so HubSpot never sees duplicate ids.
 */
import type { Client } from '@hubspot/api-client';
import { ConnectorError, type SyncContext, type SyncWork } from '../types.ts';
import { chunk, forEachLimit, groupBy } from '../shared/batch.ts';
import { normalizeEmail, normalizePhone } from './mapping.ts';
import type { HubspotSession } from './session.ts';
import { HUBSPOT_BATCH_SIZE, writeInBatches, type BatchItem, type PushState } from './batch-write.ts';
import type { UniqueKeys } from './unique-keys.ts';
import {
  answerOf,
  type ContactResult,
  type Env,
  failGroups,
  mergedProperties,
  remember,
  unique,
} from './contacts-env.ts';
import { searchByPhone } from './phone-search.ts';
import { createContacts } from './contact-create.ts';

export type { ContactResult } from './contacts-env.ts';

type ContactsBatch = Client['crm']['contacts']['batchApi'];
type UpdateInput = Parameters<ContactsBatch['update']>[0]['inputs'][number];
type UpsertInput = Parameters<ContactsBatch['upsert']>[0]['inputs'][number];

/** Called with works whose contacts are settled (an id or an error in the result), as each part settles. */
export type OnResolved = (works: SyncWork[], contacts: ContactResult) => Promise<void>;

/**
 * Resolves every work's contact. Three lanes run side by side — e-mail upserts, phone searches (then
 * update or create), and leads with neither — because searches have their own, scarcer budget: e-mail
 * leads (and their calls, through `onResolved`) need not wait behind them. Each lane goes one request at a
 * time, so a lane never races itself. The one cross-lane race — a phone-only lead with the same number as
 * an e-mail lead of this push — is avoided by resolving such leads after the e-mail lane, from the ledger.
 */
export async function syncContacts(
  session: HubspotSession,
  ctx: SyncContext,
  works: SyncWork[],
  overrides: Record<string, string> | undefined,
  state: PushState,
  keys: Promise<UniqueKeys>,
  onResolved: OnResolved = async () => undefined,
): Promise<ContactResult> {
  const env: Env = { session, ctx, state, overrides, keys, result: new Map() };
  const email = (w: SyncWork) => normalizeEmail(w.lead.email);
  const phone = (w: SyncWork) => normalizePhone(w.lead.phone);
  const settled = (part: SyncWork[]) => (part.length ? onResolved(part, env.result) : Promise.resolve());

  const unresolved = await resolveKnown(env, works, settled);
  const byEmail = unresolved.filter((w) => email(w));
  const emailPhones = new Set(byEmail.map(phone));
  const phoneOnly = unresolved.filter((w) => !email(w) && phone(w));
  const neither = unresolved.filter((w) => !email(w) && !phone(w));
  const afterEmail = phoneOnly.filter((w) => emailPhones.has(phone(w)));

  await Promise.all([
    (async () => {
      await inParts(groupBy(byEmail, email), async (part) => {
        await upsertByEmail(env, part);
        await settled(part);
      });
      // Their number was just written to `phone:contact` by an upsert (unless that upsert failed).
      if (afterEmail.length) await phoneLane(env, await resolveKnown(env, afterEmail, settled), settled);
    })(),
    phoneLane(
      env,
      phoneOnly.filter((w) => !emailPhones.has(phone(w))),
      settled,
    ),
    (async () => {
      await createContacts(env, neither);
      await settled(neither);
    })(),
  ]);
  return env.result;
}

/**
 * E-mail upserts in parts of one HubSpot batch, a few parts at a time: parts never share an e-mail, and the
 * object budget, not this lane, decides the pace — so a backlog spends the first rate window at once.
 */
const EMAIL_PARTS_IN_FLIGHT = 4;

async function inParts(groups: Map<unknown, SyncWork[]>, fn: (works: SyncWork[]) => Promise<void>): Promise<void> {
  await forEachLimit(chunk([...groups.values()], HUBSPOT_BATCH_SIZE), EMAIL_PARTS_IN_FLIGHT, (part) => fn(part.flat()));
}

/**
 * Works whose contact the ledger already knows (by lead, e-mail, then phone) are updated; returns the rest,
 * including those whose known contact turned out to be gone.
 */
async function resolveKnown(
  env: Env,
  works: SyncWork[],
  settled: (part: SyncWork[]) => Promise<void>,
): Promise<SyncWork[]> {
  const { ledger } = env.ctx;
  const email = (w: SyncWork) => normalizeEmail(w.lead.email);
  const phone = (w: SyncWork) => normalizePhone(w.lead.phone);
  // Three independent reads at once: they are on the path to a backlog's first requests.
  const [byLead, byEmail, byPhone] = await Promise.all([
    ledger.getMany('lead:contact', unique(works.map((w) => w.lead.id))),
    ledger.getMany('email:contact', unique(works.map(email))),
    ledger.getMany('phone:contact', unique(works.map(phone))),
  ]);

  const known = new Map<SyncWork, string>();
  // A caller who first left only a phone and now gives an e-mail is the contact we already made: update it
  // (adding the e-mail) instead of upserting a second contact by e-mail.
  const viaPhone = new Set<SyncWork>();
  for (const w of works) {
    const e = email(w);
    const p = phone(w);
    const direct = byLead.get(w.lead.id) ?? (e ? byEmail.get(e) : undefined);
    const id = direct ?? (p ? byPhone.get(p) : undefined);
    if (!id) continue;
    known.set(w, id);
    if (!direct && e) viaPhone.add(w);
  }
  if (known.size === 0) return works;
  const stale = await updateKnown(env, known, byLead, viaPhone);
  await settled([...known.keys()].filter((w) => !stale.has(w)));
  return works.filter((w) => !known.has(w) || stale.has(w));
}

/**
 * Phone-only works: search their numbers (100 per request, on the search budget); as the answers come in,
 * update the matches and create the rest, each in full batches of 100 as soon as 100 are known (the rest at
 * the end) — per-search-part writes would cost more object requests, the scarcer budget, while waiting for
 * every search first would leave a backlog's first rate window idle for seconds. Writes go one at a time,
 * beside the searches; parts never share a phone.
 */
async function phoneLane(env: Env, works: SyncWork[], settled: (part: SyncWork[]) => Promise<void>): Promise<void> {
  const byPhone = groupBy(works, (w) => normalizePhone(w.lead.phone) ?? '');
  const toUpdate = new Map<string /* contact id */, SyncWork[]>();
  const toCreate = new Map<string /* phone */, SyncWork[]>();
  const handed = new Set<SyncWork>();
  let writes: Promise<void> = Promise.resolve();
  const queue = (job: () => Promise<void>) => {
    writes = writes.then(job);
    writes.catch(() => undefined); // awaited below; keeps a failure from being unhandled meanwhile
  };
  /** Full batches (of distinct contacts or phones) while there are enough; with `all`, the rest too. */
  const take = (from: Map<string, SyncWork[]>, all: boolean): [string, SyncWork[]][][] => {
    const parts: [string, SyncWork[]][][] = [];
    while (from.size >= HUBSPOT_BATCH_SIZE || (all && from.size > 0)) {
      const part = [...from].slice(0, HUBSPOT_BATCH_SIZE);
      for (const [k] of part) from.delete(k);
      parts.push(part);
    }
    return parts;
  };
  // A part's calls go out beside the next write rather than before it: awaited together at the end.
  const settling: Promise<void>[] = [];
  const settle = async (part: SyncWork[]) => {
    for (const w of part) handed.add(w);
    const p = settled(part);
    p.catch(() => undefined);
    settling.push(p);
  };
  const dispatch = (all: boolean) => {
    for (const part of take(toUpdate, all))
      queue(async () => {
        const matched = new Map(part.flatMap(([id, ws]) => ws.map((w): [SyncWork, string] => [w, id])));
        for (const w of await updateKnown(env, matched, new Map()))
          env.result.set(
            w.key,
            new ConnectorError('transient', 'HubSpot contact found by phone disappeared before it could be updated', {
              httpStatus: 404,
            }),
          );
        await settle([...matched.keys()]);
      });
    for (const part of take(toCreate, all))
      queue(async () => {
        const ws = part.flatMap(([, ws]) => ws);
        await createContacts(env, ws);
        await settle(ws);
      });
  };
  await searchByPhone(env, works, (found, phones) => {
    for (const p of phones) {
      const ws = byPhone.get(p) ?? [];
      if (ws.some((w) => env.result.has(w.key))) continue; // its search failed: settled at the end
      const id = found.get(p);
      if (id) toUpdate.set(id, [...(toUpdate.get(id) ?? []), ...ws]);
      else toCreate.set(p, ws);
    }
    dispatch(false);
  });
  dispatch(true);
  await writes;
  await Promise.all(settling);
  await settled(works.filter((w) => !handed.has(w)));
}

/**
 * Batch-updates contacts we already know; returns the works to resolve again: their contact no longer
 * exists (404), or — for a phone match given a new e-mail — HubSpot refused the e-mail because another
 * contact has it (409), so the e-mail's own contact is the one to upsert.
 */
async function updateKnown(
  env: Env,
  known: Map<SyncWork, string>,
  byLead: Map<string, string>,
  viaPhone: Set<SyncWork> = new Set(),
): Promise<Set<SyncWork>> {
  const groups = groupBy([...known.keys()], (w) => known.get(w) ?? '');
  const items: BatchItem<UpdateInput>[] = [...groups].map(([id, ws]) => ({
    traceId: id,
    input: { id, properties: mergedProperties(env, ws), objectWriteTraceId: id },
  }));
  const out = await writeInBatches({
    items,
    state: env.state,
    send: (inputs) =>
      env.session.run('objects', async (c) => answerOf(await c.crm.contacts.batchApi.update({ inputs })), {
        idempotent: true,
      }),
    fallbackKey: (row) => String(row.id),
    onWritten: async (written) => {
      for (const id of written.keys()) {
        const ws = groups.get(id) ?? [];
        await remember(env, ws, id, byLead);
        for (const w of ws)
          if (viaPhone.has(w)) await env.ctx.ledger.put('email:contact', normalizeEmail(w.lead.email)!, id);
      }
    },
  });
  const stale = new Set<SyncWork>();
  for (const [id, r] of out) {
    if (typeof r === 'string') continue;
    for (const w of groups.get(id) ?? []) {
      if (r.httpStatus === 404 || (r.httpStatus === 409 && viaPhone.has(w))) stale.add(w);
      else env.result.set(w.key, r);
    }
  }
  return stale;
}

async function upsertByEmail(env: Env, works: SyncWork[]): Promise<void> {
  const groups = groupBy(works, (w) => normalizeEmail(w.lead.email) ?? '');
  const items: BatchItem<UpsertInput>[] = [...groups].map(([email, ws]) => ({
    traceId: email,
    input: {
      id: email,
      idProperty: 'email',
      properties: { ...mergedProperties(env, ws), email },
      objectWriteTraceId: email,
    },
  }));
  const out = await writeInBatches({
    items,
    state: env.state,
    send: (inputs) =>
      env.session.run('objects', async (c) => answerOf(await c.crm.contacts.batchApi.upsert({ inputs })), {
        idempotent: true,
      }),
    fallbackKey: (row) => normalizeEmail(row.properties?.email) ?? undefined,
    onWritten: async (written) => {
      for (const [email, id] of written) {
        const ws = groups.get(email) ?? [];
        await remember(env, ws, id);
        await env.ctx.ledger.put('email:contact', email, id);
        for (const p of unique(ws.map((w) => normalizePhone(w.lead.phone))))
          await env.ctx.ledger.put('phone:contact', p, id);
      }
    },
  });
  failGroups(env, out, groups);
}
