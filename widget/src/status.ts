import type { Labels } from './labels.ts';

export type CallbackStatus =
  | 'queued'
  | 'calling'
  | 'ringing'
  | 'in_conversation'
  | 'completed'
  | 'no_answer'
  | 'failed';

/** One `event: status` of the SSE stream, as the server sends it. */
export interface StatusEvent {
  status: CallbackStatus;
  leadCaptured?: boolean;
  retryScheduled?: boolean;
  at: string;
}

export function isCallbackStatus(v: unknown): v is CallbackStatus {
  return typeof v === 'string' && Object.hasOwn(TEXT, v);
}

/** Parses one SSE `data:` payload; anything unexpected is dropped rather than shown. */
export function parseStatusEvent(data: string): StatusEvent | null {
  try {
    const v = JSON.parse(data) as Record<string, unknown>;
    if (!v || !isCallbackStatus(v.status)) return null;
    const ev: StatusEvent = { status: v.status, at: typeof v.at === 'string' ? v.at : '' };
    if (typeof v.leadCaptured === 'boolean') ev.leadCaptured = v.leadCaptured;
    if (typeof v.retryScheduled === 'boolean') ev.retryScheduled = v.retryScheduled;
    return ev;
  } catch {
    return null;
  }
}

/**
 * Whether the stream can be closed: nothing more will happen. A no-answer with a retry scheduled is not
 * final (the next attempt goes queued → calling again); with retries disabled for the business it is.
 */
export function isFinal(ev: Pick<StatusEvent, 'status' | 'retryScheduled'>, retriesEnabled: boolean): boolean {
  if (ev.status === 'completed' || ev.status === 'failed') return true;
  if (ev.status === 'no_answer') return !(retriesEnabled && ev.retryScheduled !== false);
  return false;
}

const TEXT = {
  queued: 'statusQueued',
  calling: 'statusCalling',
  ringing: 'statusRinging',
  in_conversation: 'statusInConversation',
  completed: 'statusCompleted',
  no_answer: 'statusNoAnswer',
  failed: 'statusFailed',
} as const satisfies Record<CallbackStatus, keyof Labels>;

/** What the live region says for an event. */
export function statusText(
  ev: Pick<StatusEvent, 'status' | 'leadCaptured' | 'retryScheduled'>,
  labels: Labels,
  retriesEnabled: boolean,
): string {
  if (ev.status === 'completed' && ev.leadCaptured) return labels.statusCompletedLead;
  if (ev.status === 'no_answer' && !isFinal(ev, retriesEnabled)) return labels.statusNoAnswerRetry;
  return labels[TEXT[ev.status]];
}
