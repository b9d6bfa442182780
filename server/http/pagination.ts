import { z } from 'zod';
import { Problem } from './problem.ts';

/**
 * Cursor pagination for every list: `?limit=&cursor=` → `{ items, next }`. Lists are ordered by a time
 * column and then the id, so the order is total and stable under inserts; the cursor is the last item's
 * (time, id), opaque to clients (base64url). `next` is null on the last page.
 */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(300).optional(),
});
export type PageQuery = z.output<typeof pageQuery>;

export interface Cursor {
  at: Date;
  id: string;
}

const badCursor = () => new Problem(422, 'validation', 'Invalid request', 'cursor: not a cursor this list gave out');

export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = new Date(String(at));
    if (typeof id !== 'string' || !id || Number.isNaN(date.getTime())) throw badCursor();
    return { at: date, id };
  } catch {
    throw badCursor();
  }
}

export const encodeCursor = (c: Cursor) =>
  Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString('base64url');

/**
 * The Prisma `where` for rows after the cursor, in the list's direction, on `field` (a DateTime column)
 * then `id`; `{}` on the first page.
 */
export function afterCursor(cursor: string | undefined, order: 'asc' | 'desc', field = 'createdAt') {
  const c = decodeCursor(cursor);
  if (!c) return {};
  const beyond = order === 'asc' ? 'gt' : 'lt';
  return { OR: [{ [field]: { [beyond]: c.at } }, { [field]: c.at, id: { [beyond]: c.id } }] };
}

/** Prisma `orderBy` matching afterCursor. */
export const pageOrder = (order: 'asc' | 'desc', field = 'createdAt') => [{ [field]: order }, { id: order }];

/**
 * Rows fetched with `take: limit + 1` → one page. `key` gives the ordering time and id of a row (defaults to
 * its createdAt and id); `map` shapes an item.
 */
export function pageOf<R, T = R>(
  rows: R[],
  limit: number,
  map: (r: R) => T = (r) => r as unknown as T,
  key: (r: R) => Cursor = (r) => ({ at: (r as { createdAt: Date }).createdAt, id: (r as { id: string }).id }),
): { items: T[]; next: string | null } {
  const page = rows.slice(0, limit);
  return { items: page.map(map), next: rows.length > limit ? encodeCursor(key(page[page.length - 1]!)) : null };
}

/** The response schema of a paginated list, for the OpenAPI document. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable() });
