import type OpenAI from 'openai';
import type { Connector, Provider } from '../connectors/types.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Logger } from './log.ts';
import type { Mailer } from './mail/mailer.ts';
import type { LazyStripe } from './billing/stripe-client.ts';
import type { Telephony } from './calls/telephony.ts';
import type { CalendarPort, CampaignCallsPort, ReconnectLinks, RecordCallbackProgress } from './ports.ts';
import type { EventsHub } from './widget-api/events-hub.ts';

/**
 * What request handlers and job tasks share. Built once per process by appContext() in server/runtime.ts
 * (tests build it the same way): the one home of per-process clients, so no module keeps its own global
 * or a map keyed by context. Holds clients, configuration and ports only, never per-tenant state.
 */
export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
  mailer: Mailer;
  /** Twilio REST; null when TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN are not configured. */
  telephony: Telephony | null;
  /** OpenAI REST (lead extraction); null without OPENAI_API_KEY. */
  openai: OpenAI | null;
  /** Stripe, loaded on first use; null when billing is off (self-hosted: minutes on the operator's ledger). */
  stripe: LazyStripe | null;
  /** The connectors whose OAuth client is configured, by provider; configuration only, never tenant state. */
  connectors: ReadonlyMap<Provider, Connector>;
  /** Widget callback streams: one LISTEN connection per process, opened when the first stream subscribes. */
  events: EventsHub;
  /** Port: the connected calendar, for live-call tools (implemented by sync). */
  calendar: CalendarPort;
  /** Port: widget callback progress, written by calls and leads (implemented by the widget API). */
  recordCallbackProgress: RecordCallbackProgress;
  /** Port: reconnect links for e-mails about a dead grant, written by sync (implemented by OAuth). */
  reconnectLinks: ReconnectLinks;
  /** Port: campaign calls' instructions and opt-outs, for the live-call pipeline (implemented by campaigns). */
  campaignCalls: CampaignCallsPort;
}
