/**
 * Many calls with leads for one business in two statements (tests of the inbox and bench/console):
 * call i started i minutes before `now`, its lead Hot/Warm/Cold in turn, services round-robin,
 * every fifth one handled. Ids are md5-derived, with the version and variant bits of a v4 UUID.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../server/db/client.ts';

export async function seedInboxCalls(
  db: Db,
  businessId: string,
  n: number,
  opts: { services?: string[]; now?: Date } = {},
): Promise<void> {
  const tag = randomUUID();
  const services = opts.services ?? ['drain cleaning', 'leak repair', 'water heater repair'];
  const now = opts.now ?? new Date();
  await db.$executeRaw`
    insert into "Lead" ("id", "businessId", "name", "phone", "temperature", "service", "summary", "createdAt", "updatedAt")
    select overlay(overlay(md5(${tag} || 'lead' || i) placing '4' from 13) placing '8' from 17)::uuid, ${businessId}::uuid, 'Caller ' || i, '+1512555' || lpad(i::text, 4, '0'),
      (array['Hot','Warm','Cold'])[1 + i % 3]::"Temperature", (${services}::text[])[1 + i % cardinality(${services}::text[])],
      'Seeded call number ' || i, ${now}::timestamp - i * interval '1 minute', ${now}::timestamp
    from generate_series(1, ${n}::int) i`;
  await db.$executeRaw`
    insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "mode", "from", "to", "status", "startedAt",
      "endedAt", "durationSeconds", "leadId", "handledAt", "createdAt", "updatedAt")
    select overlay(overlay(md5(${tag} || 'call' || i) placing '4' from 13) placing '8' from 17)::uuid, ${businessId}::uuid, 'CA' || md5(${tag} || 'sid' || i), 'inbound', 'ai',
      '+1512555' || lpad(i::text, 4, '0'), '+15125550100', 'completed', ${now}::timestamp - i * interval '1 minute',
      ${now}::timestamp - i * interval '1 minute' + interval '2 minutes', 120, overlay(overlay(md5(${tag} || 'lead' || i) placing '4' from 13) placing '8' from 17)::uuid,
      case when i % 5 = 0 then ${now}::timestamp end, ${now}::timestamp, ${now}::timestamp
    from generate_series(1, ${n}::int) i`;
}
