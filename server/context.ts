import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Logger } from './log.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Telephony } from './calls/telephony.ts';

/**
 * What request handlers and job tasks share. Built once per process in server/main.ts (or per test);
 * holds clients and configuration only, never per-tenant state.
 */
export interface AppContext {
  config: Config;
  db: Db;
  log: Logger;
  mailer: Mailer;
  /** Twilio REST; null when TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN are not configured. */
  telephony: Telephony | null;
}
