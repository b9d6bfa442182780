/**
 * Services a room needs from a room it must not import (ARCHITECTURE.md, rooms table). The interface lives
 * here, below both; the higher room implements it and server/runtime.ts puts it on the app context. So
 * calls can book on a CRM calendar without knowing sync, calls and leads can move a widget callback along
 * without knowing the widget API, and sync can e-mail a reconnect link without knowing OAuth installs.
 */
import type { Tx } from './db/client.ts';

export interface BusyInterval {
  start: string;
  end: string;
}

export interface Booking {
  eventId: string | null;
  start: string;
  end: string;
  deepLink: string | null;
}

/**
 * The business's connected calendar, for the assistant's live-call tools (implemented by
 * server/sync/calendar.ts). A caller is waiting, so failures answer null ("calendar unavailable").
 */
export interface CalendarPort {
  /** Busy intervals between two instants; null when no calendar is connected or it cannot be read now. */
  busy(businessId: string, range: { from: string; to: string }): Promise<BusyInterval[] | null>;
  /** Books a slot; null when there is no calendar, the slot is taken, or the calendar cannot be written now. */
  book(
    businessId: string,
    p: { leadId?: string; callId: string; start: string; durationMinutes: number; summary: string },
  ): Promise<Booking | null>;
}

export type CallbackProgressStatus = 'calling' | 'ringing' | 'in_conversation' | 'completed' | 'no_answer' | 'failed';

export interface CallbackProgress {
  status: CallbackProgressStatus;
  leadCaptured?: boolean;
  /** Shown to nobody but kept on the event, e.g. why a call failed. */
  reason?: string;
}

/**
 * Moves a widget callback along inside the caller's transaction (implemented by
 * server/widget-api/progress.ts); returns whether anything changed.
 */
export type RecordCallbackProgress = (tx: Tx, callbackRequestId: string, p: CallbackProgress) => Promise<boolean>;

/** Links for the e-mail to owners of a connection that lost its grant (implemented by server/oauth/tickets.ts). */
export interface ReconnectLinks {
  /** How long a link stays good. */
  ttlSeconds: number;
  /** A single-use link that lets this owner re-install this provider into this business. */
  mint(t: { accountId: string; businessId: string; provider: string }): Promise<string>;
}

/** What the assistant is told on a campaign call, beside the business's own profile. */
export interface CampaignSession {
  /** The campaign's section of the instructions (its rules and script, the contact quoted as data). */
  instructions: string;
  /** What the assistant opens with once consent is settled. */
  greeting: string;
  /** The campaign's Realtime voice (it outranks the business's). */
  voice: string;
}

/**
 * Campaign calls, for the live-call pipeline (implemented by server/campaigns/call-port.ts): calls stays
 * ignorant of campaigns beyond these two questions.
 */
export interface CampaignCallsPort {
  /** The campaign part of a call's session, by the call's campaign dial (Call.campaignDialId); null if it is gone. */
  session(dialId: string): Promise<CampaignSession | null>;
  /** The person asked not to be called again: on the business's do-not-call list at once, the dial opted out. */
  optOut(callId: string): Promise<boolean>;
}
