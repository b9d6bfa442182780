/**
 * A list's contacts in file order. The keyset is the row number (unique within a list), so the cursor is
 * that number, opaque to clients like every other cursor.
 */
import type { Db } from '../../db/client.ts';
import type { PageQuery } from '../../http/pagination.ts';
import { Problem } from '../../http/problem.ts';

const encode = (row: number) => Buffer.from(`r${row}`).toString('base64url');
function decode(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^r(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new Problem(422, 'validation', 'Invalid request', 'cursor: not a cursor this list gave out');
  return Number(m[1]);
}

export async function contactPage(db: Db, listId: string, q: PageQuery) {
  const rows = await db.listContact.findMany({
    where: { listId, row: { gt: decode(q.cursor) } },
    orderBy: { row: 'asc' },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((c) => ({
      id: c.id,
      row: c.row,
      phone: c.phone,
      name: c.name,
      email: c.email,
      company: c.company,
      notes: c.notes,
      fields: c.fields as Record<string, string>,
      timeZone: c.timeZone,
    })),
    next: rows.length > q.limit ? encode(page.at(-1)!.row) : null,
  };
}
