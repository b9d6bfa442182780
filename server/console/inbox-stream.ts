/**
 * Live inbox, on the shared LISTEN hub (http/event-stream.ts): the migration's triggers NOTIFY
 * `console_inbox` with the business id when a call, lead or note of it changes, and that business's streams
 * get a bare `inbox` event; the page then re-reads its first page, so the database stays the only truth and
 * a missed event costs nothing but a moment's staleness.
 */
import { createListenHub, type ListenHub, sseFrame } from '../http/event-stream.ts';
import type { Logger } from '../log.ts';

export const INBOX_CHANNEL = 'console_inbox';

export function createInboxHub(opts: {
  connectionString: () => string;
  log: Pick<Logger, 'warn'>;
  foldMs?: number;
}): ListenHub {
  return createListenHub({
    channel: INBOX_CHANNEL,
    connectionString: opts.connectionString,
    log: opts.log,
    foldMs: opts.foldMs ?? 150,
    deliver: (businessId) => sseFrame('inbox', { businessId }),
  });
}
