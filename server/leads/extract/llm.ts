import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { BusinessContext, CallContext, ExtractedLead, TranscriptTurn } from '../lead.schema.ts';
import { buildMessages } from './llm-prompt.ts';
import { SCHEMA_NAME, llmLeadSchema } from './llm-schema.ts';
import { normalizeLead } from './normalize.ts';

export { buildSystemPrompt, buildMessages, renderTranscript } from './llm-prompt.ts';
export { PROMPT_VERSION, SCHEMA_NAME, llmLeadSchema, type LlmLead } from './llm-schema.ts';

/**
 * Extraction with OpenAI structured outputs. Throws on any API error, refusal or unparseable answer so
 * the caller can fall back to offline extraction.
 */
export async function extractWithOpenAI(
  client: OpenAI,
  model: string,
  turns: TranscriptTurn[],
  business: BusinessContext,
  call: CallContext,
  options: { signal?: AbortSignal } = {},
): Promise<ExtractedLead> {
  const completion = await client.chat.completions.parse(
    {
      // No temperature: reasoning models reject anything but the default.
      model,
      messages: buildMessages(turns, business, call),
      response_format: zodResponseFormat(llmLeadSchema, SCHEMA_NAME),
    },
    { signal: options.signal },
  );
  const message = completion.choices[0]?.message;
  if (!message) throw new Error('OpenAI returned no choices');
  if (message.refusal) throw new Error(`OpenAI refused: ${message.refusal}`);
  const parsed = message.parsed;
  if (!parsed) throw new Error('OpenAI returned no parsed lead');
  return normalizeLead(
    {
      ...parsed,
      preferredTime: parsed.preferredLocalTime,
      customFields: Object.fromEntries(parsed.customFields.map((f) => [f.key, f.value])),
    },
    business,
    call,
  );
}
