import type { Request } from 'express';
import type { Role } from '../db/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { principalOf } from '../auth/principal.ts';
import { forbidden, notFound } from '../http/problem.ts';

const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

export interface BusinessAccess {
  businessId: string;
  accountId: string;
  role: Role;
  viaApiKey: boolean;
}

/**
 * Object-level authorization for every business route. Non-members get 404 (a business they may not see
 * does not exist for them); members below `min` get 403. API keys act as admin of their own business only.
 */
export async function requireBusinessRole(
  db: Db,
  req: Request,
  businessId: string,
  min: Role = 'member',
): Promise<BusinessAccess> {
  const p = principalOf(req);
  let role: Role | null = null;
  // A read key sees what a member sees; write and admin keys act as admins of their own business only.
  if (p.kind === 'apiKey') role = p.businessId === businessId ? (p.scope === 'read' ? 'member' : 'admin') : null;
  else
    role =
      (
        await db.membership.findUnique({
          where: { accountId_businessId: { accountId: p.accountId, businessId } },
          select: { role: true },
        })
      )?.role ?? null;
  if (!role) throw notFound('Business');
  if (RANK[role] < RANK[min]) throw forbidden(`This needs the ${min} role; you are ${role}`);
  return { businessId, accountId: p.accountId, role, viaApiKey: p.kind === 'apiKey' };
}

export const outranks = (a: Role, b: Role) => RANK[a] >= RANK[b];

/**
 * Members and API keys are managed by people and by `admin` keys only: a `write` or `read` key cannot
 * change who has access, whatever role it otherwise acts with.
 */
export function requireAccessManagement(req: Request): void {
  const p = principalOf(req);
  if (p.kind === 'apiKey' && p.scope !== 'admin')
    throw forbidden(`Managing members and API keys needs an admin key; this key is ${p.scope}`);
}
