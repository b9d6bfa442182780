/**
 * The team routes' answers. Their OpenAPI responses are undeclared (the generated client types them as
 * `unknown`), so the shapes the page reads are written here, once, from server/businesses/*-routes.ts.
 */
export type Role = 'owner' | 'admin' | 'member';
export type Scope = 'read' | 'write' | 'admin';
export interface Page<T> {
  items: T[];
  next: string | null;
}
export interface MemberRow {
  accountId: string;
  email: string;
  name: string | null;
  role: Role;
}
export interface InviteRow {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
}
export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scope: Scope;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export interface NewApiKey {
  id: string;
  name: string;
  prefix: string;
  scope: Scope;
  key: string;
}
export interface AuditRow {
  id: string;
  action: string;
  accountId: string | null;
  target: string | null;
  meta: unknown;
  createdAt: string;
}

/** The audit actions an owner filters by most (the log holds more; any action can be typed in). */
export const AUDIT_ACTIONS = [
  'member.invited',
  'member.added',
  'member.removed',
  'member.role_changed',
  'api_key.created',
  'api_key.revoked',
  'recording.viewed',
  'transcript.read',
  'business.updated',
] as const;

export const ROLE_NAMES: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };
export const SCOPE_NAMES: Record<Scope, string> = {
  read: 'Read (leads and calls)',
  write: 'Write (also change)',
  admin: 'Admin (everything)',
};
