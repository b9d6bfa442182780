/**
 * Erasure in Salesforce: the Tasks Leadline logged for the person's calls and the Leads it created for them
 * are deleted through jsforce (sObject Collections delete, allOrNone false, ≤ 200 ids a request). A record
 * already deleted answers ENTITY_IS_DELETED or INVALID_CROSS_REFERENCE_KEY and counts as deleted.
 */
import type { ErasureRecord, ErasureResult } from '../types.ts';
import { ConnectorError } from '../types.ts';
import type { SalesforceClient } from './client.ts';
import { LEDGER } from './push.ts';

const ALREADY_GONE = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND']);

interface DeleteResult {
  id?: string;
  success: boolean;
  errors?: { statusCode?: string; message?: string }[];
}

export async function eraseInSalesforce(client: SalesforceClient, records: ErasureRecord[]): Promise<ErasureResult> {
  const ids = (kinds: string[]) => [...new Set(records.filter((r) => kinds.includes(r.kind)).map((r) => r.externalId))];
  const tasks = ids([LEDGER.task]);
  const leads = ids([LEDGER.lead, LEDGER.phone, LEDGER.email]);
  const deleted = { task: 0, lead: 0 };
  for (const [type, list] of [
    ['Task', tasks],
    ['Lead', leads],
  ] as const) {
    for (let i = 0; i < list.length; i += 200) {
      const part = list.slice(i, i + 200);
      const results = (await client.call((conn) =>
        conn.sobject(type).destroy(part, { allOrNone: false }),
      )) as unknown as DeleteResult[];
      for (const r of results) {
        const code = r.errors?.[0]?.statusCode ?? '';
        if (!r.success && !ALREADY_GONE.has(code))
          throw new ConnectorError('transient', `Salesforce could not delete ${type} ${r.id ?? ''}: ${code}`);
      }
      deleted[type === 'Task' ? 'task' : 'lead'] += part.length;
    }
  }
  return { deleted };
}
