/**
 * One person's rows in lead lists and do-not-call lists, for data-subject export and erasure (the privacy
 * room calls these; it knows every room, none knows it). The person is the request's numbers and
 * addresses plus, one step deep, what their list contacts say (a request by e-mail also finds the number
 * a list gave for them).
 */
import { hashDoNotCallRows } from '../do-not-call.ts';
import type { Db, Tx } from '../../db/client.ts';
import type { StoredReject } from './import.ts';

const digits = (s: string) => s.replace(/\D/g, '');

async function contactsOf(db: Db | Tx, businessId: string, phones: string[], emails: string[]) {
  if (!phones.length && !emails.length) return [];
  return db.listContact.findMany({
    where: {
      businessId,
      OR: [
        ...(phones.length ? [{ phone: { in: phones } }] : []),
        ...emails.map((e) => ({ email: { equals: e, mode: 'insensitive' as const } })),
      ],
    },
    include: { list: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
  });
}

/** The subject widened by their contacts' own numbers and addresses. */
async function widen(db: Db | Tx, businessId: string, phones: string[], emails: string[]) {
  const first = await contactsOf(db, businessId, phones, emails);
  const p = new Set([...phones, ...first.map((c) => c.phone)]);
  const e = new Set([...emails, ...first.flatMap((c) => (c.email ? [c.email.toLowerCase()] : []))]);
  return { phones: [...p], emails: [...e] };
}

type ContactRow = Awaited<ReturnType<typeof contactsOf>>[number];
type DncRow = { phone: string | null; source: string; note: string | null; createdAt: Date };

function exportShape(contacts: ContactRow[], dnc: DncRow[]) {
  return {
    listContacts: contacts.map((c) => ({
      list: c.list.name,
      row: c.row,
      phone: c.phone,
      name: c.name,
      email: c.email,
      company: c.company,
      notes: c.notes,
      fields: c.fields as Record<string, string>,
      consentBasis: c.consentBasis,
      timeZone: c.timeZone,
      importedAt: c.createdAt.toISOString(),
    })),
    // A hashed row (an erased person's) has no number left to export.
    doNotCall: dnc.flatMap((d) =>
      d.phone ? [{ phone: d.phone, source: d.source, note: d.note, at: d.createdAt.toISOString() }] : [],
    ),
  };
}

export async function listRowsForExport(db: Db, businessId: string, subject: { phones: string[]; emails: string[] }) {
  const s = await widen(db, businessId, subject.phones, subject.emails);
  const [contacts, dnc] = await Promise.all([
    contactsOf(db, businessId, s.phones, s.emails),
    s.phones.length
      ? db.doNotCall.findMany({ where: { businessId, phone: { in: s.phones } }, orderBy: { createdAt: 'asc' } })
      : [],
  ]);
  return exportShape(contacts, dnc);
}

/** Every list contact and do-not-call row of the business: its closure export. */
export async function businessListRowsForExport(db: Db, businessId: string) {
  const [contacts, dnc] = await Promise.all([
    db.listContact.findMany({
      where: { businessId },
      include: { list: { select: { name: true } } },
      orderBy: [{ listId: 'asc' }, { row: 'asc' }],
    }),
    db.doNotCall.findMany({ where: { businessId }, orderBy: { createdAt: 'asc' } }),
  ]);
  return exportShape(contacts, dnc);
}

/** Whether a refused row of a list names the person (its number in any spelling, or an address). */
function namesSubject(r: StoredReject, phoneDigits: Set<string>, emails: Set<string>) {
  if (r.phone && phoneDigits.has(digits(r.phone))) return true;
  return r.values.some((v) => {
    const d = digits(v);
    return (d.length >= 7 && phoneDigits.has(d)) || emails.has(v.trim().toLowerCase());
  });
}

/**
 * Deletes the person's list contacts (and so their campaign targets) and the refused rows of lists that
 * name them; their do-not-call rows stay, as keyed hashes, so they are never called again.
 */
export async function eraseListRows(
  tx: Tx,
  businessId: string,
  subject: { phones: string[]; emails: string[] },
  secret: Buffer,
) {
  const s = await widen(tx, businessId, subject.phones, subject.emails);
  const contacts = await contactsOf(tx, businessId, s.phones, s.emails);
  await tx.listContact.deleteMany({ where: { id: { in: contacts.map((c) => c.id) } } });
  // The list's counts stay as they were: they describe the import, and name no one.

  const phoneDigits = new Set(
    s.phones.flatMap((p) => [digits(p), ...(p.startsWith('+1') ? [digits(p).slice(1)] : [])]),
  );
  const emails = new Set(s.emails.map((e) => e.toLowerCase()));
  const lists = await tx.leadList.findMany({ where: { businessId }, select: { id: true, rejected: true } });
  let scrubbed = 0;
  for (const l of lists) {
    const rejected = l.rejected as unknown as StoredReject[];
    const kept = rejected.filter((r) => !namesSubject(r, phoneDigits, emails));
    if (kept.length === rejected.length) continue;
    scrubbed += rejected.length - kept.length;
    await tx.leadList.update({ where: { id: l.id }, data: { rejected: kept as unknown as object } });
  }
  const hashed = await hashDoNotCallRows(tx, businessId, s.phones, secret);
  return { contacts: contacts.length, rejectedRows: scrubbed, doNotCallHashed: hashed };
}
