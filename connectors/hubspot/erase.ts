/**
 * Erasure in HubSpot: each contact Leadline created or updated for the person goes through HubSpot's GDPR
 * delete (POST /crm/v3/objects/contacts/gdpr-delete), which also blocks the e-mail from being re-added.
 * That endpoint leaves the contact's engagements in place, so the call engagements Leadline logged are
 * archived first (DELETE /crm/v3/objects/calls/{id}). A record HubSpot no longer has counts as deleted.
 */
import type { ErasureRecord, ErasureResult, SyncContext } from '../types.ts';
import { ConnectorError } from '../types.ts';
import type { HubspotSession } from './session.ts';

const gone = (e: unknown) => e instanceof ConnectorError && e.httpStatus === 404;

export async function eraseInHubspot(
  session: HubspotSession,
  _ctx: SyncContext,
  records: ErasureRecord[],
): Promise<ErasureResult> {
  const calls = new Set(records.filter((r) => r.kind === 'call:call').map((r) => r.externalId));
  const contacts = new Set(records.filter((r) => r.kind.endsWith(':contact')).map((r) => r.externalId));
  const deleted = { call: 0, contact: 0 };
  for (const id of calls) {
    try {
      await session.run('objects', (c) => c.crm.objects.calls.basicApi.archive(id));
    } catch (e) {
      if (!gone(e)) throw e;
    }
    deleted.call++;
  }
  for (const id of contacts) {
    try {
      await session.run('objects', (c) => c.crm.contacts.basicApi.purge({ objectId: id }));
    } catch (e) {
      if (!gone(e)) throw e;
    }
    deleted.contact++;
  }
  return { deleted };
}
