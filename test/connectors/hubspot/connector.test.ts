import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryContext, MemoryLedger } from '../../../testkit/memory-ledger.ts';
import { work } from '../../../testkit/sync-payloads.ts';
import {
  APP,
  batchAnswer,
  CALLS,
  callsOk,
  connector,
  CREATE,
  failed,
  intercept,
  SEARCH,
  synced,
  UPDATE,
  UPSERT,
  useNock,
  type BatchInputBody,
} from '../../../testkit/nock-hubspot.ts';

useNock({ beforeAll, beforeEach, afterEach }, (pending) => expect(pending).toEqual([]));

describe('HubSpot push', () => {
  it('looks up 250 phones per search, 50 per IN filter in five OR-ed groups, and follows result pages', async () => {
    const ctx = memoryContext();
    const searches: { filterGroups: { filters: { values: string[] }[] }[]; after?: string }[] = [];
    // The first search's answer spills onto a second page: two of its phones are already in HubSpot.
    let page = 0;
    intercept(
      'post',
      SEARCH,
      searches,
      () => {
        page++;
        if (page === 1)
          return [
            200,
            {
              total: 2,
              results: [{ id: '7001', properties: { phone: '+15551000003' } }],
              paging: { next: { after: '1' } },
            },
          ];
        if (page === 2) return [200, { total: 2, results: [{ id: '7002', properties: { phone: '+15551000099' } }] }];
        return [200, { total: 0, results: [] }];
      },
      3,
    );
    intercept('post', UPDATE, [], (b: BatchInputBody) => [200, batchAnswer(b, (i) => String(i.id))]);
    intercept('post', CREATE, [], (b: BatchInputBody) => [201, batchAnswer(b)], 3);
    callsOk([], 3);

    const works = Array.from({ length: 300 }, (_, i) => work(i + 1, { lead: { email: null } }));
    const out = await connector.push(ctx, works);

    expect(out.every((o) => o.status === 'synced')).toBe(true);
    expect(searches.map((s) => s.filterGroups.map((g) => g.filters[0]!.values.length))).toEqual([
      [50, 50, 50, 50, 50],
      [50, 50, 50, 50, 50],
      [50],
    ]);
    expect(searches[1]!.after).toBe('1');
    expect(ctx.ledger.entries('phone:contact').get('+15551000003')).toBe('7001');
    expect(ctx.ledger.entries('phone:contact').get('+15551000099')).toBe('7002');
  });

  it('creates a phone-only lead: search finds nothing, batch create, call with association 194', async () => {
    const ctx = memoryContext();
    const searches: unknown[] = [];
    const creates: BatchInputBody[] = [];
    const calls: BatchInputBody[] = [];
    intercept('post', SEARCH, searches, () => [200, { total: 0, results: [] }]);
    intercept('post', CREATE, creates, (b: BatchInputBody) => [201, batchAnswer(b, () => '9001')]);
    callsOk(calls);

    const [out] = await connector.push(ctx, [work(1, { lead: { email: null } })]);

    expect(synced(out)).toEqual({
      key: 'work-1',
      status: 'synced',
      externalIds: { contact: '9001', call: '5000' },
      deepLink: `${APP}/contacts/12345/record/0-1/9001`,
    });
    expect(searches[0]).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'IN', values: ['+15551000001'] }] }],
    });
    expect(creates[0]?.inputs[0]).toMatchObject({
      properties: {
        firstname: 'Dana',
        lastname: 'Scully',
        phone: '+15551000001',
        lifecyclestage: 'lead',
        hs_lead_status: 'NEW',
      },
      objectWriteTraceId: '+15551000001',
    });
    expect(calls[0]?.inputs[0]).toMatchObject({
      properties: { hs_call_direction: 'INBOUND', hs_call_status: 'COMPLETED', hs_call_duration: '125000' },
      associations: [
        { to: { id: '9001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] },
      ],
    });
    expect(ctx.ledger.entries('lead:contact').get('lead-1')).toBe('9001');
    expect(ctx.ledger.entries('phone:contact').get('+15551000001')).toBe('9001');
    expect(ctx.ledger.entries('call:call').get('call-1')).toBe('5000');
    expect(ctx.budget.takes).toEqual({ search: 1, objects: 2 });
  });

  it('matches by e-mail through batch upsert (idProperty email) and records the e-mail and phone', async () => {
    const ctx = memoryContext();
    const upserts: BatchInputBody[] = [];
    intercept('post', UPSERT, upserts, (b: BatchInputBody) => [200, batchAnswer(b, () => '501', { new: false })]);
    callsOk([]);

    const [out] = await connector.push(ctx, [work(1, { lead: { email: 'Lead1@Example.com' } })]);

    expect(synced(out).externalIds.contact).toBe('501');
    expect(upserts[0]?.inputs[0]).toMatchObject({
      id: 'lead1@example.com',
      idProperty: 'email',
      properties: { email: 'lead1@example.com' },
    });
    // An existing contact's lifecycle/lead status belong to the sales team: never sent on upsert.
    expect(upserts[0]?.inputs[0]?.properties).not.toHaveProperty('lifecyclestage');
    expect(ctx.ledger.entries('email:contact').get('lead1@example.com')).toBe('501');
    expect(ctx.ledger.entries('phone:contact').get('+15551000001')).toBe('501');
  });

  it('matches by phone via search, updates that contact, and the phone cache saves the next search', async () => {
    const ctx = memoryContext();
    const updates: BatchInputBody[] = [];
    intercept('post', SEARCH, [], () => [
      200,
      {
        total: 2,
        results: [
          {
            id: '778',
            properties: { phone: '+15551000001' },
            createdAt: '2025-01-02T00:00:00Z',
            updatedAt: '2025-01-02T00:00:00Z',
            archived: false,
          },
          {
            id: '777',
            properties: { phone: '+15551000001' },
            createdAt: '2025-01-01T00:00:00Z',
            updatedAt: '2025-01-01T00:00:00Z',
            archived: false,
          },
        ],
      },
    ]);
    intercept('post', UPDATE, updates, (b: BatchInputBody) => [200, batchAnswer(b)], 2);
    callsOk([], 2);

    const [first] = await connector.push(ctx, [work(1, { lead: { email: null } })]);
    expect(synced(first).externalIds.contact).toBe('777'); // the oldest of two matches
    expect(updates[0]?.inputs[0]).toMatchObject({ id: '777', properties: { phone: '+15551000001' } });
    expect(updates[0]?.inputs[0]?.properties).not.toHaveProperty('lifecyclestage');

    // A repeat caller: a different lead, same number → no search, straight to an update.
    const [second] = await connector.push(ctx, [work(2, { lead: { email: null, phone: '+15551000001' } })]);
    expect(synced(second).externalIds.contact).toBe('777');
    expect(ctx.budget.takes.search).toBe(1);
    expect(updates).toHaveLength(2);
  });

  it('splits 250 works into 3 upsert requests and 3 call requests; each call batch follows its own contacts, already in the ledger', async () => {
    const ctx = memoryContext();
    const upserts: BatchInputBody[] = [];
    const calls: BatchInputBody[] = [];
    const unrecorded: string[][] = [];
    intercept('post', UPSERT, upserts, (b: BatchInputBody) => [200, batchAnswer(b, undefined, { new: true })], 3);
    intercept(
      'post',
      CALLS,
      calls,
      (b: BatchInputBody) => {
        const recorded = new Set(ctx.ledger.entries('lead:contact').values());
        unrecorded.push(
          b.inputs
            .flatMap((i) => (i.associations as { to: { id: string } }[]).map((x) => x.to.id))
            .filter((id) => !recorded.has(id)),
        );
        return [201, batchAnswer(b)];
      },
      3,
    );

    const works = Array.from({ length: 250 }, (_, i) => work(i + 1));
    const outs = await connector.push(ctx, works);

    expect(upserts.map((u) => u.inputs.length).sort()).toEqual([100, 100, 50].sort());
    expect(calls.map((c) => c.inputs.length).sort()).toEqual([100, 100, 50].sort());
    // A call batch leaves only once the ids of the contacts it hangs on are in the ledger.
    expect(unrecorded).toEqual([[], [], []]);
    expect(outs.every((o) => o.status === 'synced')).toBe(true);
    expect(new Set(outs.map((o) => synced(o).externalIds.contact)).size).toBe(250);
  });

  it('a repeat caller who now gives an e-mail updates the contact the phone made, adding the e-mail', async () => {
    const ledger = new MemoryLedger();
    await ledger.put('phone:contact', '+15551000001', '9001'); // an earlier phone-only call
    const ctx = memoryContext({ ledger });
    const updates: BatchInputBody[] = [];
    intercept('post', UPDATE, updates, (b: BatchInputBody) => [200, batchAnswer(b, (i) => String(i.id))]);
    callsOk([]);
    const [out] = await connector.push(ctx, [work(1)]);
    expect(synced(out).externalIds.contact).toBe('9001');
    expect(updates[0]?.inputs[0]).toMatchObject({ id: '9001', properties: { email: 'lead1@example.com' } });
    expect(ctx.ledger.entries('email:contact').get('lead1@example.com')).toBe('9001');
  });

  it('when HubSpot refuses that e-mail (another contact has it), the e-mail contact is upserted instead', async () => {
    const ledger = new MemoryLedger();
    await ledger.put('phone:contact', '+15551000001', '9001');
    const ctx = memoryContext({ ledger });
    intercept('post', UPDATE, [], () => [
      409,
      {
        status: 'error',
        message: 'Contact already exists. Existing ID: 7777',
        category: 'CONFLICT',
        correlationId: 'c',
      },
    ]);
    const upserts: BatchInputBody[] = [];
    intercept('post', UPSERT, upserts, (b: BatchInputBody) => [200, batchAnswer(b, () => '7777')]);
    callsOk([]);
    const [out] = await connector.push(ctx, [work(1)]);
    expect(synced(out).externalIds.contact).toBe('7777');
    expect(upserts[0]?.inputs[0]).toMatchObject({ id: 'lead1@example.com', idProperty: 'email' });
  });

  it('a call sent before without an answer is looked up by start time and numbers: adopted when HubSpot has it, created when not', async () => {
    const ctx = memoryContext();
    // Both calls were sent by an earlier push that never heard back (a worker killed mid-request).
    await ctx.ledger.put('call:sent', 'call-1', 'sent');
    await ctx.ledger.put('call:sent', 'call-2', 'sent');
    const lookups: {
      filterGroups: {
        filters: { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] }[];
      }[];
    }[] = [];
    const a = work(1).call!;
    intercept('post', UPSERT, [], (b: BatchInputBody) => [200, batchAnswer(b, undefined, { new: true })]);
    // HubSpot has call-1 (ISO timestamp, as it was sent) and an unrelated call at the same minute from another number.
    intercept('post', '/crm/v3/objects/calls/search', lookups, () => [
      200,
      {
        total: 2,
        results: [
          {
            id: '5001',
            properties: {
              hs_timestamp: a.startedAt.replace('Z', '.000Z'),
              hs_call_from_number: a.from,
              hs_call_to_number: a.to,
            },
          },
          {
            id: '5002',
            properties: { hs_timestamp: a.startedAt, hs_call_from_number: '+15550009999', hs_call_to_number: a.to },
          },
        ],
      },
    ]);
    const created: BatchInputBody[] = [];
    callsOk(created);
    const outs = await connector.push(ctx, [work(1), work(2)]);
    expect(synced(outs[0]).externalIds.call).toBe('5001');
    expect(synced(outs[1]).externalIds.call).not.toBe('5002');
    expect(created.flatMap((b) => b.inputs.map((i) => i.objectWriteTraceId))).toEqual(['call-2']);
    expect(ctx.ledger.entries('call:call').get('call-1')).toBe('5001');
    const [filters] = lookups[0]!.filterGroups.map((g) => g.filters);
    expect(filters).toEqual([
      {
        propertyName: 'hs_timestamp',
        operator: 'BETWEEN',
        value: String(Date.parse(a.startedAt)),
        highValue: String(Date.parse(a.startedAt)),
      },
      { propertyName: 'hs_call_from_number', operator: 'IN', values: [a.from, work(2).call!.from] },
    ]);
  });

  it('marks each call sent in the ledger before its create leaves', async () => {
    const ctx = memoryContext();
    let markedBeforeCreate: string[] = [];
    intercept('post', UPSERT, [], (b: BatchInputBody) => [200, batchAnswer(b, undefined, { new: true })]);
    intercept(
      'post',
      CALLS,
      [],
      (b: BatchInputBody) => (
        (markedBeforeCreate = [...ctx.ledger.entries('call:sent').keys()]), [201, batchAnswer(b)]
      ),
    );
    await connector.push(ctx, [work(1), work(2)]);
    expect(markedBeforeCreate.sort()).toEqual(['call-1', 'call-2']);
  });

  it('re-pushing the same works creates nothing new: contacts are updated by ledger id, calls skipped', async () => {
    const ctx = memoryContext();
    const upserts: BatchInputBody[] = [];
    const calls: BatchInputBody[] = [];
    const updates: BatchInputBody[] = [];
    intercept('post', UPSERT, upserts, (b: BatchInputBody) => [200, batchAnswer(b, undefined, { new: true })]);
    callsOk(calls);
    const works = [work(1), work(2), work(3)];
    const first = await connector.push(ctx, works);

    intercept('post', UPDATE, updates, (b: BatchInputBody) => [200, batchAnswer(b)]);
    const second = await connector.push(ctx, works);

    expect(second).toEqual(first);
    expect(upserts).toHaveLength(1);
    expect(calls).toHaveLength(1);
    expect(updates[0]?.inputs.map((i) => i.id)).toEqual(first.map((o) => synced(o).externalIds.contact));
  });

  it('re-routes a contact deleted in HubSpot (207 OBJECT_NOT_FOUND) to upsert and repairs the ledger', async () => {
    const ledger = new MemoryLedger();
    await ledger.put('lead:contact', 'lead-1', '404404');
    await ledger.put('call:call', 'call-1', '888');
    const ctx = memoryContext({ ledger });
    intercept('post', UPDATE, [], () => [
      207,
      {
        status: 'COMPLETE',
        results: [],
        numErrors: 1,
        startedAt: 'x',
        completedAt: 'x',
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: 'Could not get some CONTACT objects',
            context: { ids: ['404404'] },
          },
        ],
      },
    ]);
    intercept('post', UPSERT, [], (b: BatchInputBody) => [200, batchAnswer(b, () => '600', { new: true })]);

    const [out] = await connector.push(ctx, [work(1)]);
    expect(synced(out).externalIds).toEqual({ contact: '600', call: '888' });
    expect(ledger.entries('lead:contact').get('lead-1')).toBe('600');
  });

  it('dedupes leads sharing an e-mail into one upsert input', async () => {
    const ctx = memoryContext();
    const upserts: BatchInputBody[] = [];
    intercept('post', UPSERT, upserts, (b: BatchInputBody) => [200, batchAnswer(b, undefined, { new: true })]);
    callsOk([]);
    const outs = await connector.push(ctx, [
      work(1, { lead: { email: 'same@example.com' } }),
      work(2, { lead: { email: 'same@example.com' } }),
    ]);
    expect(upserts[0]?.inputs).toHaveLength(1);
    expect(synced(outs[0]).externalIds.contact).toBe(synced(outs[1]).externalIds.contact);
  });

  it('refuses an invalid field mapping without sending anything', async () => {
    const ctx = memoryContext({ settings: { fieldMapping: { reason: 'Not A Property!' } } });
    const [out] = await connector.push(ctx, [work(1)]);
    expect(failed(out).kind).toBe('permanent');
  });

  it('lists writable contact properties', async () => {
    const ctx = memoryContext();
    intercept('get', '/crm/v3/properties/contacts', [], () => [
      200,
      {
        results: [
          {
            name: 'email',
            label: 'Email',
            type: 'string',
            fieldType: 'text',
            groupName: 'g',
            description: '',
            options: [],
            hidden: false,
            modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: false },
          },
          {
            name: 'hs_object_id',
            label: 'Record ID',
            type: 'number',
            fieldType: 'number',
            groupName: 'g',
            description: '',
            options: [],
            hidden: false,
            modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: true },
          },
          {
            name: 'gate_code',
            label: 'Gate code',
            type: 'string',
            fieldType: 'text',
            groupName: 'g',
            description: '',
            options: [],
            hidden: false,
          },
        ],
      },
    ]);
    const fields = await connector.listFields?.(ctx);
    expect(fields).toEqual([
      { name: 'email', label: 'Email', type: 'string' },
      { name: 'gate_code', label: 'Gate code', type: 'string' },
    ]);
  });
});
