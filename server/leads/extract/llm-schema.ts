import { z } from 'zod';
import { TEMPERATURES, URGENCIES } from '../lead.schema.ts';

/**
 * The version of the prompt and schema together: it names the json_schema sent to OpenAI, so a recorded
 * answer or a logged request says which contract it was made under. Bump it when either changes.
 */
export const PROMPT_VERSION = 'lead-extract-v2';
export const SCHEMA_NAME = 'lead_v2';

/**
 * What the model fills in. Structured outputs (strict) need every property required, so optional things
 * are nullable; customFields is a list because strict schemas cannot express open records; time is local
 * wall time and we add the offset ourselves, since models get DST offsets wrong.
 */
export const llmLeadSchema = z.object({
  isLead: z.boolean(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  reason: z.string().nullable(),
  service: z.string().nullable(),
  urgency: z.enum(URGENCIES).nullable(),
  temperature: z.enum(TEMPERATURES).nullable(),
  preferredLocalTime: z.string().nullable(),
  preferredTimeDateOnly: z.boolean(),
  address: z.string().nullable(),
  summary: z.string(),
  customFields: z.array(z.object({ key: z.string(), value: z.string() })),
});
export type LlmLead = z.infer<typeof llmLeadSchema>;
