import nock from 'nock';
import OpenAI from 'openai';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractLead } from '../../server/leads/extract/index.ts';
import { SCHEMA_NAME, extractWithOpenAI, type LlmLead } from '../../server/leads/extract/llm.ts';
import { REDACTION_MARKERS } from '../../server/leads/redact.ts';
import { callOf, loadExamples } from '../../testkit/labelled-calls.ts';

const law = loadExamples().find((c) => c.id === 'e05-law-rear-ended')!;

/** The shape /v1/chat/completions returns for a structured-output request. */
function completion(content: LlmLead | string, refusal: string | null = null) {
  return {
    id: 'chatcmpl-test123',
    object: 'chat.completion',
    created: 1767225600,
    model: 'gpt-4.1-mini-2025-04-14',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: refusal ? null : typeof content === 'string' ? content : JSON.stringify(content),
          refusal,
          annotations: [],
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 812, completion_tokens: 143, total_tokens: 955 },
    system_fingerprint: 'fp_test',
  };
}

/** What a model might plausibly answer: right facts, loose formats our normaliser must fix. */
const modelAnswer: LlmLead = {
  isLead: true,
  name: 'Nina Castillo',
  phone: '(310) 555-0158',
  email: 'NCastillo22@Gmail.com',
  reason: 'Rear-ended at a red light, back pain, insurer wants a statement.',
  service: 'Car Accident',
  urgency: 'high',
  temperature: 'Hot',
  preferredLocalTime: '2026-07-09T14:00',
  preferredTimeDateOnly: false,
  address: null,
  summary: 'Nina Castillo was rear-ended on Monday and wants a consultation tomorrow afternoon.',
  customFields: [{ key: 'unknown_field', value: 'x' }],
};

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});

function client(baseURL?: string) {
  return new OpenAI({ apiKey: 'sk-test', maxRetries: 0, ...(baseURL ? { baseURL } : {}) });
}

describe('extractWithOpenAI', () => {
  it('sends a strict json_schema response_format with the transcript and context, and normalises the answer', async () => {
    let body: Record<string, any> = {};
    const scope = nock('https://api.openai.com')
      .post('/v1/chat/completions', (b) => {
        body = b as Record<string, any>;
        return true;
      })
      .matchHeader('authorization', 'Bearer sk-test')
      .reply(200, completion(modelAnswer));
    const lead = await extractWithOpenAI(client(), 'gpt-4.1-mini', law.transcript, law.business, callOf(law));
    scope.done();

    expect(body.model).toBe('gpt-4.1-mini');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.name).toBe(SCHEMA_NAME);
    const schema = body.response_format.json_schema.schema;
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(Object.keys(schema.properties).sort());
    const system = body.messages[0];
    const user = body.messages.at(-1);
    expect(system.role).toBe('system');
    expect(system.content).toContain('America/Los_Angeles');
    expect(system.content).toContain('Wednesday 2026-07-08 11:20 local time');
    expect(system.content).toContain('"car accident", "slip and fall"');
    expect(system.content).toContain('+13105550158');
    expect(user.content).toContain('Caller: Tomorrow afternoon, like 2 or 3.');

    expect(lead).toMatchObject({
      isLead: true,
      name: 'Nina Castillo',
      phone: '+13105550158',
      email: 'ncastillo22@gmail.com',
      service: 'car accident',
      urgency: 'high',
      preferredTime: '2026-07-09T14:00:00-07:00',
      preferredTimeDateOnly: false,
      customFields: {},
    });
  });

  it('honours a custom baseURL (proxies, Azure-style gateways, local fakes)', async () => {
    const scope = nock('http://llm.internal.test:8080')
      .post('/openai/v1/chat/completions')
      .reply(200, completion(modelAnswer));
    const lead = await extractWithOpenAI(
      client('http://llm.internal.test:8080/openai/v1'),
      'm',
      law.transcript,
      law.business,
      callOf(law),
    );
    scope.done();
    expect(lead.phone).toBe('+13105550158');
  });

  it('strips contact details from a non-lead and snaps an unknown service to null', async () => {
    nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .reply(200, completion({ ...modelAnswer, isLead: false, service: 'pizza delivery' }));
    const lead = await extractWithOpenAI(client(), 'm', law.transcript, law.business, callOf(law));
    expect(lead).toMatchObject({
      isLead: false,
      name: null,
      phone: null,
      email: null,
      service: null,
      urgency: null,
      preferredTime: null,
    });
  });

  it.each([
    [
      'an API error',
      () =>
        nock('https://api.openai.com')
          .post('/v1/chat/completions')
          .reply(429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }),
      /Rate limit reached/,
    ],
    [
      'a refusal',
      () =>
        nock('https://api.openai.com')
          .post('/v1/chat/completions')
          .reply(200, completion('', 'I cannot help with that.')),
      /refused/,
    ],
    [
      'content that breaks the schema',
      () => nock('https://api.openai.com').post('/v1/chat/completions').reply(200, completion('{"isLead": "maybe"}')),
      /./,
    ],
  ])('throws on %s', async (_label, setup, message) => {
    setup();
    await expect(extractWithOpenAI(client(), 'm', law.transcript, law.business, callOf(law))).rejects.toThrow(message);
  });
});

describe('extractLead', () => {
  const withCard = [
    ...law.transcript,
    { speaker: 'agent' as const, text: 'For the filing fee, what card would you like to use?' },
    { speaker: 'caller' as const, text: 'Visa, 4111 1111 1111 1111, expires 09/28.' },
  ];

  it('redacts before the LLM sees anything and reports method llm', async () => {
    let sent = '';
    nock('https://api.openai.com')
      .post('/v1/chat/completions', (b) => {
        sent = JSON.stringify(b);
        return true;
      })
      .reply(200, completion(modelAnswer));
    const out = await extractLead({
      turns: withCard,
      business: law.business,
      call: callOf(law),
      openai: { client: client(), model: 'm' },
    });
    expect(out.method).toBe('llm');
    expect(out.redactions).toBe(2);
    expect(sent).not.toContain('4111');
    expect(sent).not.toContain('09/28');
    expect(sent).toContain(REDACTION_MARKERS.card);
    expect(JSON.stringify(out)).not.toContain('4111');
    expect(out.lead.phone).toBe('+13105550158');
  });

  it('falls back to offline extraction when the LLM call fails, and says so', async () => {
    nock('https://api.openai.com')
      .post('/v1/chat/completions')
      .reply(500, { error: { message: 'boom', type: 'server_error' } });
    const errors: unknown[] = [];
    const out = await extractLead({
      turns: withCard,
      business: law.business,
      call: callOf(law),
      openai: { client: client(), model: 'm' },
      onLlmError: (e) => errors.push(e),
    });
    expect(out.method).toBe('offline');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(OpenAI.APIError);
    expect(out.lead).toMatchObject({ name: 'Nina Castillo', phone: '+13105550158', service: 'car accident' });
    expect(JSON.stringify(out)).not.toMatch(/4111|09\/28/);
  });

  it('uses offline extraction when no LLM is configured', async () => {
    const out = await extractLead({ turns: law.transcript, business: law.business, call: callOf(law) });
    expect(out).toMatchObject({ method: 'offline', redactions: 0, transcript: law.transcript });
  });
});
