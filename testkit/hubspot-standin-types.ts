/** The HubSpot stand-in's public shapes: its options, accounts, stored calls, counters and handle. */
import type { StoredObject } from './hubspot-standin-parts.ts';

export interface StandinAccount {
  hubId: number;
  token: string;
  refreshToken?: string;
  hubDomain?: string;
  user?: string;
  scopes?: string[];
}
export interface StandinOptions {
  accounts?: StandinAccount[];
  objectsPer10s?: number;
  searchPerSecond?: number;
  /** Window lengths, shortened only by tests that want to see a window roll over quickly. */
  objectsWindowMs?: number;
  searchWindowMs?: number;
  /** 0..1: share of API requests answered with a random 500/502/503 before any processing. */
  failureRate?: number;
  seed?: number;
  latencyMs?: number;
  extraProperties?: string[];
  /** Also send `Retry-After` (seconds until the window frees) on 429s; HubSpot's body alone is the default. */
  retryAfterHeader?: boolean;
  /** How long after its creation a record starts to show up in search results (HubSpot: seconds). */
  searchLagMs?: number;
  /** 0..1: share of write requests applied and then answered with a 502, as when HubSpot's answer is lost. */
  lostAnswerRate?: number;
  /** Deterministic alternative: lose the answer of the n-th (1-based) write of this kind when it says so. */
  loseAnswer?: (kind: string, n: number) => boolean;
  /** Holds a request of this kind (after counting it, before answering) until the promise settles. */
  holdRequest?: (kind: string) => Promise<void> | undefined;
  /** Fails the n-th (1-based) request of this kind with a 500 before it touches any data. */
  failRequest?: (kind: string, n: number) => boolean;
  /** Authorization codes the token endpoint accepts: code → { hubId, codeChallenge (S256) }. */
  authCodes?: Record<string, { hubId: number; codeChallenge?: string }>;
}
export interface StoredCall extends StoredObject {
  associations: { toId: string; associationTypeId: number; associationCategory: string }[];
}
export interface StandinStats {
  requests: Record<string, number>;
  total: number;
  rateLimited: Record<string, number>;
  serverErrors: number;
  unauthorized: number;
  badRequests: number;
  contacts: number;
  calls: number;
  duplicates: { email: string[]; phone: string[] };
  /** Writes applied whose answer was replaced by a 502 (lostAnswerRate). */
  lostAnswers: number;
  /** Every API request as it arrived: ms since the stand-in started, endpoint kind. */
  arrivals: { at: number; kind: string }[];
}
export interface HubspotStandin {
  url: string;
  stop(): Promise<void>;
  stats(): StandinStats;
  contacts(hubId?: number): StoredObject[];
  calls(hubId?: number): StoredCall[];
  seed(contacts: Record<string, string>[], hubId?: number): string[];
  /** Contacts removed through the GDPR delete endpoint, in order. */
  gdprDeleted(): { hubId: number; id: string; email: string | null }[];
  /** Makes a token answer 401 from now on (expired / revoked). */
  invalidateToken(token: string): void;
  /** Test hook, called as each API request arrives (before it is answered). */
  onRequest?: ((kind: string) => void) | undefined;
}
