import type { CallbackStatus } from './status.ts';

/**
 * Public DOM events. They bubble and cross shadow roots so a page can listen on `document`. Details carry
 * ids and statuses only, never what the visitor typed: pages forward these to analytics.
 */
export interface LeadlineStatusDetail {
  id: string;
  status: CallbackStatus;
  leadCaptured?: boolean;
  retryScheduled?: boolean;
  at: string;
}
export interface LeadlineSubmittedDetail {
  id: string;
  status: CallbackStatus;
}
export interface LeadlineEventMap {
  'leadline:status': LeadlineStatusDetail;
  'leadline:submitted': LeadlineSubmittedDetail;
}

declare global {
  interface HTMLElementEventMap {
    'leadline:status': CustomEvent<LeadlineStatusDetail>;
    'leadline:submitted': CustomEvent<LeadlineSubmittedDetail>;
  }
  interface DocumentEventMap {
    'leadline:status': CustomEvent<LeadlineStatusDetail>;
    'leadline:submitted': CustomEvent<LeadlineSubmittedDetail>;
  }
}

export function emit<K extends keyof LeadlineEventMap>(el: EventTarget, name: K, detail: LeadlineEventMap[K]): void {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
