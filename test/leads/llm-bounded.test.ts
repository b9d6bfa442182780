import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LLM_TIMEOUT_MS, LlmTimeoutError, extractLead } from '../../server/leads/extract/index.ts';
import { FEW_SHOT } from '../../server/leads/extract/llm-examples.ts';
import { PROMPT_VERSION, SCHEMA_NAME, type LlmLead } from '../../server/leads/extract/llm.ts';
import { REDACTION_MARKERS } from '../../server/leads/redact.ts';
import { callOf, loadExamples } from '../../testkit/labelled-calls.ts';
import { loadUnseen } from '../../testkit/unseen-cases.ts';

// A shipped example (examples/transcripts.json), so the test runs in a clone with nothing beside it.
const e05 = loadExamples().find((c) => c.id === 'e05-law-rear-ended')!;
const withCard = [
  ...e05.transcript,
  { speaker: 'agent' as const, text: 'For the filing fee, what card would you like to use?' },
  { speaker: 'caller' as const, text: 'Visa, 4111 1111 1111 1111, expires 09/28.' },
];

function completion(answer: LlmLead) {
  return {
    id: 'chatcmpl-rec1',
    object: 'chat.completion',
    created: 1767225600,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: JSON.stringify(answer), refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 2400, completion_tokens: 150, total_tokens: 2550 },
  };
}

/** A recorded-style answer in which the model paraphrased the contact details. */
const paraphrased: LlmLead = {
  isLead: true,
  name: 'Nina Castillo',
  phone: '310-555-0151',
  email: 'n.castillo22@gmail.com',
  reason: 'Rear-ended at a red light; back pain; the other insurer wants a statement.',
  service: 'car accident',
  urgency: 'high',
  temperature: 'Hot',
  preferredLocalTime: '2026-07-09T14:00',
  preferredTimeDateOnly: false,
  address: null,
  summary: 'Nina Castillo was rear-ended and wants a consultation tomorrow afternoon.',
  customFields: [],
};

const client = (baseURL?: string) => new OpenAI({ apiKey: 'sk-test', maxRetries: 0, ...(baseURL ? { baseURL } : {}) });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('LLM extraction request (recorded response)', () => {
  it('sends the versioned strict json schema, few-shot examples from the dev set and only the redacted transcript', async () => {
    let body: Record<string, any> = {};
    const scope = nock('https://api.openai.com')
      .post('/v1/chat/completions', (b) => {
        body = b as Record<string, any>;
        return true;
      })
      .reply(200, completion(paraphrased));
    const out = await extractLead({
      turns: withCard,
      business: e05.business,
      call: callOf(e05),
      openai: { client: client(), model: 'gpt-4o-mini' },
    });
    scope.done();
    expect(out.method).toBe('llm');

    const format = body.response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({ name: SCHEMA_NAME, strict: true });
    expect(Object.keys(format.json_schema.schema.properties)).toEqual(
      expect.arrayContaining(['isLead', 'phone', 'email', 'service', 'preferredLocalTime']),
    );

    const messages = body.messages as { role: string; content: string }[];
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain(PROMPT_VERSION);
    expect(messages).toHaveLength(2 + 2 * FEW_SHOT.length);
    for (const [i, ex] of FEW_SHOT.entries()) {
      expect(messages[1 + 2 * i]!.content).toContain(ex.transcript[1]!.text);
      expect(JSON.parse(messages[2 + 2 * i]!.content)).toEqual(ex.answer);
    }
    const last = messages.at(-1)!;
    expect(last.role).toBe('user');
    expect(last.content).toContain(`Caller: Visa, ${REDACTION_MARKERS.card}`);
    expect(JSON.stringify(body)).not.toMatch(/4111|09\/28/);
  });

  it('validates and merges: digits the caller said beat the model paraphrase of the phone and e-mail', async () => {
    nock('https://api.openai.com').post('/v1/chat/completions').reply(200, completion(paraphrased));
    const out = await extractLead({
      turns: e05.transcript,
      business: e05.business,
      call: callOf(e05),
      openai: { client: client(), model: 'm' },
    });
    expect(out.method).toBe('llm');
    expect(out.lead).toMatchObject({
      phone: '+13105550158',
      email: 'ncastillo22@gmail.com',
      service: 'car accident',
      preferredTime: '2026-07-09T14:00:00-07:00',
    });
  });

  it('does not trust a model number that was never said and is not the caller ID', async () => {
    const dev = loadUnseen('dev').find((c) => c.id === 'dv31-vet-hit-by-car')!; // caller says "this one"
    nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .reply(
        200,
        completion({
          ...paraphrased,
          name: 'Callum McLeod',
          phone: '+447700900999',
          email: null,
          service: 'emergency visit',
        }),
      );
    const out = await extractLead({
      turns: dev.transcript,
      business: dev.business,
      call: callOf(dev),
      openai: { client: client(), model: 'm' },
    });
    expect(out.lead.phone).toBe(dev.from);
  });

  it('keeps every few-shot example identical to its development-set case, and none from the held-out part', () => {
    const dev = new Map(loadUnseen('dev').map((c) => [c.id, c]));
    const heldOut = new Set(loadUnseen('held-out').map((c) => c.id));
    for (const ex of FEW_SHOT) {
      expect(heldOut.has(ex.id)).toBe(false);
      const c = dev.get(ex.id)!;
      expect(ex.transcript).toEqual(c.transcript);
      expect({
        name: ex.answer.name,
        phone: ex.answer.phone,
        service: ex.answer.service,
        isLead: ex.answer.isLead,
      }).toEqual({
        name: c.expected.name,
        phone: c.expected.phone,
        service: c.expected.service,
        isLead: c.expected.isLead,
      });
    }
  });
});

describe('LLM extraction is bounded', () => {
  let server: Server;
  let closed: Promise<void>;
  let baseURL = '';
  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    let sawClose: () => void = () => {};
    closed = new Promise((resolve) => (sawClose = resolve));
    // An endpoint that takes the request and never answers.
    server = createServer((req: IncomingMessage) => {
      req.resume();
      req.on('close', () => sawClose());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a hanging endpoint after the configured bound, aborts the request and falls back to offline', async () => {
    expect(LLM_TIMEOUT_MS).toBe(15_000);
    const errors: unknown[] = [];
    const t0 = performance.now();
    const out = await extractLead({
      turns: withCard,
      business: e05.business,
      call: callOf(e05),
      openai: { client: client(baseURL), model: 'm' },
      llmTimeoutMs: 300,
      onLlmError: (e) => errors.push(e),
    });
    const elapsed = performance.now() - t0;
    expect(out.method).toBe('offline');
    expect(errors[0]).toBeInstanceOf(LlmTimeoutError);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3000);
    expect(out.lead).toMatchObject({ name: 'Nina Castillo', phone: '+13105550158', service: 'car accident' });
    await closed; // the abort reached the socket: nothing keeps waiting on the model
  });
});
