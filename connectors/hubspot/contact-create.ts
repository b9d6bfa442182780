/** Creating the contacts HubSpot does not have: phone-only callers it did not find, and leads with neither e-mail nor phone. */
import type { Client } from '@hubspot/api-client';
import type { SyncWork } from '../types.ts';
import { groupBy } from '../shared/batch.ts';
import { writeInBatches, type BatchItem } from './batch-write.ts';
import { answerOf, type Env, failGroups, mergedProperties, remember } from './contacts-env.ts';
import { CREATE_ONLY_PROPERTIES, normalizePhone } from './mapping.ts';
import { createOrAdopt, PERSON_KEY } from './unique-keys.ts';

type CreateInput = Parameters<Client['crm']['contacts']['batchApi']['create']>[0]['inputs'][number];

/** Creates contacts for phone-only leads HubSpot does not know, and for leads with neither e-mail nor phone. */
export async function createContacts(env: Env, works: SyncWork[]): Promise<void> {
  if (works.length === 0) return;
  const keys = await env.keys;
  const groups = groupBy(works, (w) => normalizePhone(w.lead.phone) ?? `lead:${w.lead.id}`);
  const items: BatchItem<CreateInput>[] = [...groups].map(([key, ws]) => ({
    traceId: key,
    input: {
      properties: {
        ...CREATE_ONLY_PROPERTIES,
        ...mergedProperties(env, ws),
        ...(keys.person ? { [PERSON_KEY]: personKey(key) } : {}),
      },
      associations: [],
      objectWriteTraceId: key,
    },
  }));
  // With the person key a create is safe to re-send at once after a 5xx or timeout (a committed one answers
  // 409 and is adopted below), so it is: waiting for the push's next round would leave it, and the calls
  // behind it, for the last rate window. Without the key it goes back to that round, which looks it up first.
  const create = (inputs: CreateInput[]) =>
    env.session.run('objects', async (c) => answerOf(await c.crm.contacts.batchApi.create({ inputs })), {
      idempotent: keys.person,
    });
  const readByKey = (values: string[]) =>
    env.session.run(
      'objects',
      async (c) =>
        answerOf(
          await c.crm.contacts.batchApi.read({
            idProperty: PERSON_KEY,
            inputs: values.map((id) => ({ id })),
            properties: [PERSON_KEY],
            propertiesWithHistory: [],
          }),
        ),
      { idempotent: true },
    );
  const out = await writeInBatches({
    items,
    state: env.state,
    send: (inputs) => (keys.person ? createOrAdopt(inputs, PERSON_KEY, create, readByKey) : create(inputs)),
    fallbackKey: (row) => normalizePhone(row.properties?.phone) ?? undefined,
    onWritten: async (written) => {
      for (const [key, id] of written) {
        await remember(env, groups.get(key) ?? [], id);
        if (!key.startsWith('lead:')) await env.ctx.ledger.put('phone:contact', key, id);
      }
    },
  });
  failGroups(env, out, groups);
}

/** The person key of a created contact: its phone (digits and +), or `lead:<id>` for a lead with neither. */
const personKey = (groupKey: string) => (groupKey.startsWith('lead:') ? groupKey : `phone:${groupKey}`);
