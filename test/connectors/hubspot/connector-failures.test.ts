/** HubSpot push when HubSpot says no: rate limits, server errors and retry rounds, expired tokens, invalid records. */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../connectors/types.ts';
import { memoryContext } from '../../../testkit/memory-ledger.ts';
import { work } from '../../../testkit/sync-payloads.ts';
import {
  batchAnswer,
  CALLS,
  callsOk,
  connector,
  CREATE,
  failed,
  intercept,
  rateLimitBody,
  SEARCH,
  synced,
  UPDATE,
  UPSERT,
  useNock,
  validationBody,
  type BatchInputBody,
} from '../../../testkit/nock-hubspot.ts';

useNock({ beforeAll, beforeEach, afterEach }, (pending) => expect(pending).toEqual([]));

describe('HubSpot push, failures', () => {
  it("on a 429 with HubSpot's body pauses the bucket and retries once", async () => {
    const ctx = memoryContext();
    intercept('post', UPSERT, [], () => [429, rateLimitBody('TEN_SECONDLY_ROLLING')]);
    intercept('post', UPSERT, [], (b: BatchInputBody) => [200, batchAnswer(b, undefined, { new: true })]);
    callsOk([]);

    const [out] = await connector.push(ctx, [work(1)]);
    synced(out);
    expect(ctx.budget.pauses).toEqual([{ bucket: 'objects', ms: 10_000 }]);
  });

  it('gives back a transient failure with retry-after when the 429 persists, and honours Retry-After', async () => {
    const ctx = memoryContext();
    intercept('post', UPSERT, [], () => [429, rateLimitBody('TEN_SECONDLY_ROLLING'), { 'Retry-After': '3' }], 2);

    const [out] = await connector.push(ctx, [work(1)]);
    const err = failed(out);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'transient', retryAfterMs: 3000, httpStatus: 429 });
    expect(err.message).toContain('TEN_SECONDLY_ROLLING');
    expect(ctx.budget.pauses).toEqual([
      { bucket: 'objects', ms: 3000 },
      { bucket: 'objects', ms: 3000 },
    ]);
  });

  it('does not retry a DAILY limit inside the push', async () => {
    const ctx = memoryContext();
    intercept('post', UPSERT, [], () => [429, rateLimitBody('DAILY')]);
    const [out] = await connector.push(ctx, [work(1)]);
    expect(failed(out)).toMatchObject({ kind: 'transient', retryAfterMs: 3_600_000 });
  });

  it("re-sends an idempotent upsert twice on 5xx, in each of the push's three rounds, then fails the works as transient", async () => {
    const ctx = memoryContext();
    const attempts: unknown[] = [];
    intercept(
      'post',
      UPSERT,
      attempts,
      () => [503, { status: 'error', message: 'Service Unavailable', correlationId: 'x' }],
      9,
    );
    const outs = await connector.push(ctx, [work(1), work(2)]);
    for (const o of outs) expect(failed(o)).toMatchObject({ kind: 'transient', httpStatus: 503 });
    expect(attempts).toHaveLength(9);
    expect(ctx.ledger.puts).toBe(0);
  });

  it('a 5xx on an idempotent upsert that succeeds when re-sent syncs in the same push', async () => {
    const ctx = memoryContext();
    intercept('post', UPSERT, [], () => [502, { status: 'error', message: 'Bad Gateway' }]);
    intercept('post', UPSERT, [], (b: BatchInputBody) => [200, batchAnswer(b, () => '8100', { new: true })]);
    callsOk([]);
    const [out] = await connector.push(ctx, [work(1)]);
    expect(synced(out).externalIds.contact).toBe('8100');
  });

  it('never re-sends a create blind after a 5xx: the next round searches first and finds what HubSpot did commit', async () => {
    const ctx = memoryContext();
    const order: string[] = [];
    const phone = work(1, { lead: { email: null } }).lead.phone!;
    intercept('post', SEARCH, [], () => (order.push('search'), [200, { total: 0, results: [] }]));
    intercept('post', CREATE, [], () => (order.push('create'), [500, { status: 'error', message: 'internal error' }]));
    // HubSpot had committed the contact before failing: the second search finds it, and it is updated.
    intercept(
      'post',
      SEARCH,
      [],
      () => (order.push('search'), [200, { total: 1, results: [{ id: '9100', properties: { phone } }] }]),
    );
    intercept(
      'post',
      UPDATE,
      [],
      (b: BatchInputBody) => (order.push('update'), [200, batchAnswer(b, (i) => String(i.id))]),
    );
    callsOk([]);
    const [out] = await connector.push(ctx, [work(1, { lead: { email: null } })]);
    expect(synced(out).externalIds.contact).toBe('9100');
    expect(order).toEqual(['search', 'create', 'search', 'update']);
  });

  it('a create that fails with 5xx in all three rounds goes back as transient, looked up before each send', async () => {
    const ctx = memoryContext();
    const order: string[] = [];
    intercept('post', SEARCH, [], () => (order.push('search'), [200, { total: 0, results: [] }]), 3);
    intercept(
      'post',
      CREATE,
      [],
      () => (order.push('create'), [500, { status: 'error', message: 'internal error' }]),
      3,
    );
    const [out] = await connector.push(ctx, [work(1, { lead: { email: null } })]);
    expect(failed(out)).toMatchObject({ kind: 'transient', httpStatus: 500 });
    expect(order).toEqual(['search', 'create', 'search', 'create', 'search', 'create']);
  });

  it('on 401 forces one token refresh and retries with the new token', async () => {
    const ctx = memoryContext({ tokens: ['old-token', 'new-token'] });
    const auths: unknown[] = [];
    intercept(
      'post',
      UPSERT,
      [],
      (_b, h) => (
        auths.push(h.authorization),
        [401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' }]
      ),
    );
    intercept(
      'post',
      UPSERT,
      [],
      (b: BatchInputBody, h) => (auths.push(h.authorization), [200, batchAnswer(b, undefined, { new: true })]),
    );
    intercept('post', CALLS, [], (b: BatchInputBody, h) => (auths.push(h.authorization), [201, batchAnswer(b)]));

    const [out] = await connector.push(ctx, [work(1)]);
    synced(out);
    expect(ctx.refreshes()).toBe(1);
    expect(auths).toEqual(['Bearer old-token', 'Bearer new-token', 'Bearer new-token']);
  });

  it('gives up with an auth failure when the refreshed token is rejected too, sending nothing more', async () => {
    const ctx = memoryContext({ tokens: ['old-token', 'new-token'] });
    const expired = () =>
      [401, { status: 'error', message: 'expired', category: 'EXPIRED_AUTHENTICATION' }] as [number, unknown];
    intercept('post', UPSERT, [], expired, 2);
    intercept('post', SEARCH, [], expired, 2);
    const outs = await connector.push(ctx, [work(1), work(2, { lead: { email: null } })]);
    for (const o of outs) expect(failed(o).kind).toBe('auth');
    expect(ctx.refreshes()).toBe(1);
  });

  it('two lanes hitting 401 together share one refresh and both retry with the new token', async () => {
    const ctx = memoryContext({ tokens: ['old-token', 'new-token'] });
    const auths: string[] = [];
    const expired = (_b: unknown, h: Record<string, string | string[] | undefined>) => (
      auths.push(String(h.authorization)),
      [401, { status: 'error', message: 'expired', category: 'EXPIRED_AUTHENTICATION' }] as [number, unknown]
    );
    intercept('post', UPSERT, [], expired);
    intercept('post', SEARCH, [], expired);
    intercept(
      'post',
      UPSERT,
      [],
      (b: BatchInputBody, h) => (auths.push(String(h.authorization)), [200, batchAnswer(b, undefined, { new: true })]),
    );
    intercept('post', SEARCH, [], (_b, h) => (auths.push(String(h.authorization)), [200, { total: 0, results: [] }]));
    intercept('post', CREATE, [], (b: BatchInputBody) => [201, batchAnswer(b)]);
    callsOk([], 1); // the two lanes' calls go out together, in one batch
    const outs = await connector.push(ctx, [work(1), work(2, { lead: { email: null } })]);
    for (const o of outs) synced(o);
    expect(ctx.refreshes()).toBe(1);
    expect(auths.sort()).toEqual(['Bearer new-token', 'Bearer new-token', 'Bearer old-token', 'Bearer old-token']);
  });

  it('isolates one invalid record: a batch 400 falls back to one request per record', async () => {
    const ctx = memoryContext();
    const upserts: BatchInputBody[] = [];
    const reply = (b: BatchInputBody): [number, unknown] =>
      b.inputs.some((i) => i.id === 'bad@@example.com')
        ? [400, validationBody('email', 'Email address bad@@example.com is invalid')]
        : [200, batchAnswer(b, undefined, { new: true })];
    intercept('post', UPSERT, upserts, reply, 4);
    const calls: BatchInputBody[] = [];
    callsOk(calls);

    const outs = await connector.push(ctx, [work(1), work(2, { lead: { email: 'bad@@example.com' } }), work(3)]);

    expect(upserts.map((u) => u.inputs.length)).toEqual([3, 1, 1, 1]);
    synced(outs[0]);
    synced(outs[2]);
    const err = failed(outs[1]);
    expect(err).toMatchObject({ kind: 'permanent', httpStatus: 400 });
    expect(err.message).toContain('Email address bad@@example.com is invalid');
    expect(calls[0]?.inputs).toHaveLength(2);
  });
});
