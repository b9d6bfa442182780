/**
 * OpenAI Realtime API (GA shape) client events the relay sends, and the decisions it makes about server
 * events. Pure: no sockets here.
 */
import type {
  ConversationItemCreateEvent,
  ConversationItemTruncateEvent,
  RealtimeError,
  SessionUpdateEvent,
} from 'openai/resources/realtime/realtime';
import type { RelaySession } from './types.ts';

export interface SessionAudioConfig {
  model: string;
  transcriptionModel: string;
  voice?: string | undefined;
  turnDetection: 'server_vad' | 'semantic_vad';
}

export function buildSessionUpdate(config: SessionAudioConfig, session: RelaySession): SessionUpdateEvent {
  return {
    type: 'session.update',
    session: {
      type: 'realtime',
      model: config.model,
      output_modalities: ['audio'],
      instructions: session.instructions,
      tools: session.tools,
      tool_choice: 'auto',
      audio: {
        input: {
          // Twilio's μ-law 8 kHz is audio/pcmu: no transcoding anywhere.
          format: { type: 'audio/pcmu' },
          transcription: { model: config.transcriptionModel },
          turn_detection: { type: config.turnDetection, create_response: true, interrupt_response: true },
        },
        output: {
          format: { type: 'audio/pcmu' },
          ...((session.voice ?? config.voice) ? { voice: session.voice ?? config.voice } : {}),
        },
      },
    },
  };
}

/**
 * `input_audio_buffer.append` as text. Hot path (50/s per call): the base64 payload from Twilio goes out
 * unchanged, without building and serialising an object.
 */
export function audioAppendMessage(payloadBase64: string): string {
  return '{"type":"input_audio_buffer.append","audio":' + JSON.stringify(payloadBase64) + '}';
}

/** Decoded size of a base64 string without decoding it. */
export function base64ByteLength(b64: string): number {
  const len = b64.length;
  if (len === 0) return 0;
  const padding = b64.charCodeAt(len - 1) === 61 /* = */ ? (b64.charCodeAt(len - 2) === 61 ? 2 : 1) : 0;
  return ((len * 3) >> 2) - padding;
}

/** μ-law at 8 kHz: one byte per sample, 8 samples per millisecond. */
export const PCMU_BYTES_PER_MS = 8;

export function truncateEvent(itemId: string, audioEndMs: number): ConversationItemTruncateEvent {
  return { type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: audioEndMs };
}

export function functionCallOutputEvent(callId: string, output: unknown): ConversationItemCreateEvent {
  return {
    type: 'conversation.item.create',
    item: { type: 'function_call_output', call_id: callId, output: JSON.stringify(output ?? null) },
  };
}

/** A system item asking for a specific opening line; the session instructions stay in force. */
export function greetingEvent(greeting: string): ConversationItemCreateEvent {
  return {
    type: 'conversation.item.create',
    item: {
      type: 'message',
      role: 'system',
      content: [
        { type: 'input_text', text: `The call has just connected. Greet the caller now, saying: "${greeting}"` },
      ],
    },
  };
}

/**
 * Whether a Realtime `error` event should end the call. Errors about one of our own client events
 * (`invalid_request_error`: a truncate past the end of an item, a response.create while one is active…)
 * leave the session usable; anything else (server errors, an expired session) does not.
 */
export function isFatalRealtimeError(error: Pick<RealtimeError, 'type' | 'code'> | undefined): boolean {
  if (!error) return true;
  if (error.type === 'invalid_request_error') return error.code === 'session_expired';
  return true;
}
