/**
 * Lead lists for campaign tests and benches, written straight to the tables (CSV import is tested where it
 * is built): a business that may dial, its number, a list of contacts in chosen zones.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../server/db/client.ts';
import { createBusiness } from '../server/businesses/service.ts';
import { setBalance } from './minutes.ts';

export interface SeedContact {
  phone: string;
  name?: string | null;
  company?: string | null;
  notes?: string | null;
  fields?: Record<string, string>;
  timeZone?: string | null;
}

/** A list of `contacts` in `businessId`, inserted in batches; returns the list id. */
export async function seedList(
  db: Db,
  businessId: string,
  contacts: SeedContact[],
  name = 'Test list',
): Promise<string> {
  const list = await db.leadList.create({
    data: {
      businessId,
      name,
      defaultCountry: 'US',
      consentBasis: 'express_written',
      rowCount: contacts.length,
      acceptedCount: contacts.length,
    },
  });
  for (let i = 0; i < contacts.length; i += 5000)
    await db.listContact.createMany({
      data: contacts.slice(i, i + 5000).map((c, n) => ({
        listId: list.id,
        businessId,
        phone: c.phone,
        name: c.name ?? null,
        company: c.company ?? null,
        notes: c.notes ?? null,
        fields: c.fields ?? {},
        consentBasis: 'express_written' as const,
        timeZone: c.timeZone ?? null,
        row: i + n + 2,
      })),
    });
  return list.id;
}

/** Distinct dialable US numbers (NANP, 555 exchange kept off the fiction range by using real area codes). */
export function usNumbers(n: number, areaCode = 212): string[] {
  const seed = Math.floor(Math.random() * 1e6);
  return Array.from({ length: n }, (_, i) => {
    const x = (seed + i) % 10_000_000;
    return `+1${areaCode}${String(2_000_000 + (x % 8_000_000)).padStart(7, '0')}`;
  });
}

/** An operator-created business (no owner: may dial), with `number` attached and `seconds` of balance. */
export async function seedDiallingBusiness(
  db: Db,
  p: { number?: string; timezone?: string; seconds?: number; name?: string } = {},
): Promise<{ id: string; number: string }> {
  const number = p.number ?? `+1512${String(2_000_000 + Math.floor(Math.random() * 7_999_999))}`;
  const b = await createBusiness(db, {
    name: p.name ?? `Campaign Co ${randomUUID().slice(0, 6)}`,
    timezone: p.timezone ?? 'America/New_York',
    phone: number,
  } as never);
  await setBalance(db, b.id, p.seconds ?? 0);
  return { id: b.id, number };
}
