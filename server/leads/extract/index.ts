import type OpenAI from 'openai';
import type { BusinessContext, CallContext, ExtractedLead, TranscriptTurn } from '../lead.schema.ts';
import { redactTranscript } from '../transcript-redactor.ts';
import { extractWithOpenAI } from './llm.ts';
import { extractOffline } from './offline/index.ts';

export interface ExtractLeadInput {
  turns: TranscriptTurn[];
  business: BusinessContext;
  call: CallContext;
  /** When given, the LLM extracts; offline extraction is the fallback when it fails. */
  openai?: { client: OpenAI; model: string };
  /** Told why the LLM path failed (e.g. to log it); extraction itself never throws for that. */
  onLlmError?: (error: unknown) => void;
}

export interface ExtractLeadResult {
  lead: ExtractedLead;
  /** The redacted transcript: the only one that may be stored or sent on. */
  transcript: TranscriptTurn[];
  redactions: number;
  method: 'llm' | 'offline';
}

/**
 * Redacts first, then extracts from the redacted transcript only, so nothing derived (lead fields,
 * summary, CRM notes) can contain a card number or SSN that was in the raw speech.
 */
export async function extractLead(input: ExtractLeadInput): Promise<ExtractLeadResult> {
  const { turns: transcript, redactions } = redactTranscript(input.turns);
  if (input.openai) {
    try {
      const lead = await extractWithOpenAI(input.openai.client, input.openai.model, transcript, input.business, input.call);
      return { lead, transcript, redactions, method: 'llm' };
    } catch (error) {
      input.onLlmError?.(error);
    }
  }
  return { lead: extractOffline(transcript, input.business, input.call), transcript, redactions, method: 'offline' };
}
