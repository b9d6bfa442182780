import type { CallStatus } from '../db/generated/enums.ts';

/** Pure call-lifecycle rules: Twilio's CallStatus → ours, and which changes may apply. */

const FROM_TWILIO: Record<string, CallStatus> = {
  queued: 'queued',
  initiated: 'queued',
  ringing: 'ringing',
  'in-progress': 'in_progress',
  answered: 'in_progress',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
};

export const mapTwilioStatus = (s: string): CallStatus | null => FROM_TWILIO[s] ?? null;

const RANK: Record<CallStatus, number> = {
  queued: 0,
  ringing: 1,
  in_progress: 2,
  completed: 3,
  busy: 3,
  no_answer: 3,
  failed: 3,
  canceled: 3,
};
export const isTerminal = (s: CallStatus) => RANK[s] === 3;

/** Status callbacks can arrive out of order or twice: a call never moves backwards or leaves a final state. */
export const canMove = (from: CallStatus, to: CallStatus) => !isTerminal(from) && RANK[to] > RANK[from];

/** Conversation time is billed in whole minutes, rounded up; calls the AI did not handle cost nothing. */
export const billableSeconds = (durationSeconds: number, mode: string) =>
  mode === 'ai' && durationSeconds > 0 ? Math.ceil(durationSeconds / 60) * 60 : 0;

/** Widget-facing status for an outbound callback call. */
export function callbackStatusFor(
  s: CallStatus,
): 'calling' | 'ringing' | 'in_conversation' | 'completed' | 'no_answer' | 'failed' | null {
  switch (s) {
    case 'queued':
      return 'calling';
    case 'ringing':
      return 'ringing';
    case 'in_progress':
      return 'in_conversation';
    case 'completed':
      return 'completed';
    case 'busy':
    case 'no_answer':
      return 'no_answer';
    case 'failed':
    case 'canceled':
      return 'failed';
  }
}
