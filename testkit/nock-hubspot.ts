/** nock helpers answering with HubSpot's documented batch/search shapes, recording what was sent. */
import nock from 'nock';
import { createHubspotConnector } from '../connectors/hubspot/index.ts';
import type { SyncOutcome } from '../connectors/types.ts';

export const API = 'https://api.hubspot.test';
export const APP = 'https://app.hubspot.test';

export interface BatchInputBody {
  inputs: {
    id?: string;
    idProperty?: string;
    properties: Record<string, string>;
    objectWriteTraceId?: string;
    associations?: unknown[];
  }[];
}

let nextId = 5000;
export function resetIds(): void {
  nextId = 5000;
}

/** A 2xx batch answer echoing each input's objectWriteTraceId, as HubSpot does. */
export function batchAnswer(
  body: BatchInputBody,
  idFor?: (input: BatchInputBody['inputs'][number]) => string,
  extra: Record<string, unknown> = {},
) {
  const t = '2026-03-09T15:00:00.000Z';
  return {
    status: 'COMPLETE',
    startedAt: t,
    completedAt: t,
    results: body.inputs.map((i) => ({
      id: idFor?.(i) ?? i.id ?? String(nextId++),
      properties: { ...i.properties },
      createdAt: t,
      updatedAt: t,
      archived: false,
      objectWriteTraceId: i.objectWriteTraceId,
      ...extra,
    })),
  };
}

export function rateLimitBody(policyName: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY') {
  const message = {
    TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
    SECONDLY: 'You have reached your secondly limit.',
    DAILY: 'You have reached your daily limit.',
  }[policyName];
  return {
    status: 'error',
    message,
    errorType: 'RATE_LIMIT',
    correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
    policyName,
    requestId: '3d3e35b7-0dae-4b9f-a6e3-9c230cbcf8dd',
  };
}

export function validationBody(name: string, message: string, error = 'INVALID_EMAIL') {
  return {
    status: 'error',
    message: `Property values were not valid: ${JSON.stringify([{ isValid: false, message, error, name }])}`,
    correlationId: 'aeb5f8d6-0000-4000-8000-000000000001',
    category: 'VALIDATION_ERROR',
  };
}

/** Records every request body sent to `path` in `sink` and answers with `reply`. */
export function intercept(
  method: 'post' | 'get' | 'delete',
  path: string | RegExp,
  sink: unknown[],
  reply: (
    body: never,
    headers: Record<string, string | string[] | undefined>,
  ) => [number, unknown] | [number, unknown, Record<string, string>],
  times = 1,
) {
  return nock(API)
    [method](path, (b: unknown) => (sink.push(b), true))
    .times(times)
    .reply(function (_uri, body) {
      return reply(body as never, this.req.headers);
    });
}

/** The connector under test, pointed at the nock'd API. */
/** Lookup-before-create, the path of a portal without unique keys; the keyed path is tested against the stand-in. */
export const connector = createHubspotConnector({
  clientId: 'cid',
  clientSecret: 'secret',
  apiBaseUrl: API,
  appBaseUrl: APP,
  uniqueKeys: false,
});
export const UPSERT = '/crm/v3/objects/contacts/batch/upsert';
export const CREATE = '/crm/v3/objects/contacts/batch/create';
export const UPDATE = '/crm/v3/objects/contacts/batch/update';
export const SEARCH = '/crm/v3/objects/contacts/search';
export const CALLS = '/crm/v3/objects/calls/batch/create';

export function synced(o: SyncOutcome | undefined) {
  if (o?.status !== 'synced') throw new Error(`expected synced, got ${JSON.stringify(o)}`);
  return o;
}
export function failed(o: SyncOutcome | undefined) {
  if (o?.status !== 'failed') throw new Error(`expected failed, got ${JSON.stringify(o)}`);
  return o.error;
}
export const callsOk = (sink: unknown[], times = 1) =>
  intercept('post', CALLS, sink, (b: BatchInputBody) => [201, batchAnswer(b)], times);

/** Each test starts with fresh ids and must use every interceptor it set up. */
export function useNock(
  hooks: {
    beforeAll: (fn: () => void) => void;
    beforeEach: (fn: () => void) => void;
    afterEach: (fn: () => void) => void;
  },
  expectNone: (pending: string[]) => void,
): void {
  hooks.beforeAll(() => nock.disableNetConnect());
  hooks.beforeEach(() => resetIds());
  hooks.afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expectNone(pending);
  });
}
