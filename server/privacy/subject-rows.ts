/**
 * Which rows of a business are about one person. The person is who the request names plus what their own
 * leads say (a request by e-mail also finds the calls from the phone that lead gave), one step deep.
 */
import type { Db, Tx } from '../db/client.ts';
import { Prisma } from '../db/client.ts';
import { normalizeEmail, normalizePhone, type Subject } from '../crypto/subject-hash.ts';

export interface SubjectKeys {
  phones: string[];
  emails: string[];
}

export interface SubjectRows extends SubjectKeys {
  leadIds: string[];
  callIds: string[];
  callbackIds: string[];
}

const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))];

export async function findSubjectRows(
  db: Db | Tx,
  businessId: string,
  s: Subject,
  country: string,
): Promise<SubjectRows> {
  const leadsOf = (phones: string[], emails: string[]) =>
    db.lead.findMany({
      where: {
        businessId,
        OR: [
          ...(phones.length ? [{ phone: { in: phones } }] : []),
          ...emails.map((e) => ({ email: { equals: e, mode: 'insensitive' as const } })),
        ],
      },
      select: { id: true, phone: true, email: true },
    });
  let phones = uniq([s.phone]);
  let emails = uniq([s.email]);
  const first = phones.length || emails.length ? await leadsOf(phones, emails) : [];
  phones = uniq([...phones, ...first.map((l) => (l.phone ? normalizePhone(l.phone, country) : null))]);
  emails = uniq([...emails, ...first.map((l) => (l.email ? normalizeEmail(l.email) : null))]);
  const leads = phones.length || emails.length ? await leadsOf(phones, emails) : [];
  const leadIds = leads.map((l) => l.id);
  const callbacks = phones.length
    ? await db.callbackRequest.findMany({ where: { businessId, phone: { in: phones } }, select: { id: true } })
    : [];
  const callbackIds = callbacks.map((c) => c.id);
  const calls = await db.call.findMany({
    where: {
      businessId,
      OR: [
        { from: { in: phones } },
        { to: { in: phones } },
        { leadId: { in: leadIds } },
        { callbackRequestId: { in: callbackIds } },
      ],
    },
    select: { id: true },
  });
  return { phones, emails, leadIds, callIds: calls.map((c) => c.id), callbackIds };
}

/** Digit forms under which connectors may have keyed a phone in the ledger (E.164 digits, national digits). */
export function phoneDigitForms(phones: string[]): string[] {
  const out = new Set<string>();
  for (const p of phones) {
    const digits = p.replace(/\D/g, '');
    if (digits) out.add(digits);
    if (p.startsWith('+1') && digits.length === 11) out.add(digits.slice(1));
  }
  return [...out];
}

/** The ledger rows of one connection that name the person (by lead, call, phone or e-mail). */
export function ledgerWhere(connectionId: string, r: SubjectRows & { callIds: string[] }): Prisma.Sql {
  const ids = [...r.leadIds, ...r.callIds];
  return Prisma.sql`"connectionId" = ${connectionId}::uuid and (
    "localId" = any(${ids}::text[])
    or ("kind" like 'phone:%' and regexp_replace("localId", '\\D', '', 'g') = any(${phoneDigitForms(r.phones)}::text[]))
    or ("kind" like 'email:%' and lower("localId") = any(${r.emails}::text[])))`;
}
