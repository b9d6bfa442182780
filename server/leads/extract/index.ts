import type OpenAI from 'openai';
import type { BusinessContext, CallContext, ExtractedLead, TranscriptTurn } from '../lead.schema.ts';
import { redactTranscript } from '../transcript-redactor.ts';
import { extractWithOpenAI } from './llm.ts';
import { mergeWithOffline } from './llm-merge.ts';
import { extractOffline } from './offline/index.ts';

/** The whole LLM step (every retry included) gets this long before offline extraction takes over. */
export const LLM_TIMEOUT_MS = 15_000;

export class LlmTimeoutError extends Error {
  constructor(ms: number) {
    super(`LLM extraction took longer than ${ms} ms`);
    this.name = 'LlmTimeoutError';
  }
}

/** Runs `task` with an abort signal and rejects after `ms` whether or not the task heeds the signal. */
async function bounded<T>(ms: number, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new LlmTimeoutError(ms));
    }, ms);
  });
  try {
    return await Promise.race([task(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ExtractLeadInput {
  turns: TranscriptTurn[];
  business: BusinessContext;
  call: CallContext;
  /** When given, the LLM extracts; offline extraction is the fallback when it fails. */
  openai?: { client: OpenAI; model: string };
  /** Told why the LLM path failed (e.g. to log it); extraction itself never throws for that. */
  onLlmError?: (error: unknown) => void;
  /** Bound on the whole LLM step; default LLM_TIMEOUT_MS. */
  llmTimeoutMs?: number;
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
 * summary, CRM notes) can contain a card number or SSN that was in the raw speech. The LLM, when
 * configured, has LLM_TIMEOUT_MS for everything; its lead is merged with the offline reading (llm-merge.ts).
 */
export async function extractLead(input: ExtractLeadInput): Promise<ExtractLeadResult> {
  const { turns: transcript, redactions } = redactTranscript(input.turns);
  // Offline is always read: it is the fallback, and its reading of dictated digits checks the model's.
  const offline = extractOffline(transcript, input.business, input.call);
  if (input.openai) {
    const { client, model } = input.openai;
    try {
      const llm = await bounded(input.llmTimeoutMs ?? LLM_TIMEOUT_MS, (signal) =>
        extractWithOpenAI(client, model, transcript, input.business, input.call, { signal }),
      );
      return {
        lead: mergeWithOffline(llm, offline, transcript, input.business, input.call),
        transcript,
        redactions,
        method: 'llm',
      };
    } catch (error) {
      input.onLlmError?.(error);
    }
  }
  return { lead: offline, transcript, redactions, method: 'offline' };
}
