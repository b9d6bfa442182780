/**
 * At install, Leadline's External ID fields are made in the org through the Metadata API, so upserts by key
 * (external-ids.ts) work from the first push without an admin adding fields by hand:
 * - `Lead.Leadline_Person_Key__c` and `Activity.Leadline_Call_Key__c` (a Task's custom fields are defined on
 *   Activity), Text, External ID, unique, case-sensitive — `upsertMetadata`, so a re-install changes nothing;
 * - a permission set `Leadline_Sync` granting read and edit on them, assigned to the installing user: a field
 *   made through the Metadata API is visible to no profile until field-level security grants it.
 * It needs a user allowed to customize the org and assign permission sets. Anything refused or failing
 * leaves the ledger unwritten, so the first push describes the objects (describe lists only fields the user
 * can see) and, without them, takes the documented fallback of external-ids.ts.
 */
import type { LedgerEntry } from '../types.ts';
import type { SalesforceClient } from './client.ts';
import { CALL_KEY_FIELD, LEDGER_KIND, PERSON_KEY_FIELD } from './external-ids.ts';

const PERMISSION_SET = 'Leadline_Sync';

const FIELDS = [
  { object: 'Lead', field: PERSON_KEY_FIELD, fullName: `Lead.${PERSON_KEY_FIELD}`, label: 'Leadline person key' },
  { object: 'Task', field: CALL_KEY_FIELD, fullName: `Activity.${CALL_KEY_FIELD}`, label: 'Leadline call key' },
] as const;

interface SaveResult {
  fullName?: string;
  success?: boolean | string;
}

/** The Metadata API answers booleans as the strings jsforce leaves them when its schema does not say. */
const ok = (r: SaveResult | undefined) => r?.success === true || r?.success === 'true';

/** A user id from the identity URL (…/id/<orgId>/<userId>), checked before it goes into SOQL. */
export function userIdOf(idUrl: string | null | undefined): string | null {
  const last = idUrl?.split('/').pop() ?? '';
  return /^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/.test(last) ? last : null;
}

export async function prepareExternalIdFields(client: SalesforceClient, userId: string): Promise<LedgerEntry[]> {
  const saved = await client.call(
    async (conn) =>
      (await conn.metadata.upsert(
        'CustomField',
        // Elements in the WSDL's order (alphabetical after fullName): the SOAP parser is strict about it.
        FIELDS.map((f) => ({
          fullName: f.fullName,
          caseSensitive: true,
          description: 'Set by Leadline on records it creates; keeps it from creating one twice.',
          externalId: true,
          label: f.label,
          length: 255,
          type: 'Text',
          unique: true,
        })),
      )) as unknown as SaveResult[],
  );
  const made = FIELDS.filter((_, i) => ok(saved[i]));
  if (made.length === 0) return [];

  const permissions = await client.call(
    async (conn) =>
      (await conn.metadata.upsert('PermissionSet', {
        fullName: PERMISSION_SET,
        description: "Lets the user who installed Leadline read and write Leadline's key fields.",
        fieldPermissions: made.map((f) => ({ editable: true, field: f.fullName, readable: true })),
        label: 'Leadline sync',
      })) as unknown as SaveResult,
  );
  if (!ok(permissions)) return [];
  const [set] = await client.call(
    async (conn) =>
      (
        await conn.query<{ Id: string; Assignments: { totalSize: number } | null }>(
          `SELECT Id, (SELECT Id FROM Assignments WHERE AssigneeId = '${userId}') FROM PermissionSet WHERE Name = '${PERMISSION_SET}'`,
        )
      ).records,
  );
  if (!set) return [];
  if (!set.Assignments?.totalSize)
    await client.call((conn) =>
      conn.sobject('PermissionSetAssignment').create({ AssigneeId: userId, PermissionSetId: set.Id }),
    );
  return made.map((f) => ({ kind: LEDGER_KIND, localId: f.object, externalId: f.field }));
}
