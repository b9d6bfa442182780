/** Finding phone-only leads' contacts: HubSpot's search, `phone IN [...]`, the scarcer of its two budgets. */
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import type { ConnectorError, SyncWork } from '../types.ts';
import { chunk } from '../shared/batch.ts';
import { classifyHubspotError } from './client.ts';
import { type Env, unique } from './contacts-env.ts';
import { normalizePhone } from './mapping.ts';

/**
 * Phones per `IN` filter, and filter groups (OR-ed; HubSpot allows 5 groups, 25 filters in all) per search
 * request. Search is the scarcer budget (5 / s against 100 objects / 10 s) and the long pole of a backlog:
 * phone-only contacts, and their calls after them, wait for its answers. So one request asks for 250 phones
 * (all five groups); a phone may match several contacts, and pages of 100 results are followed — a page
 * costs a search either way, so a portal where most numbers match spends about what 100-phone requests did,
 * and a backlog of new callers (few matches) needs 2.5× fewer searches.
 */
const PHONES_PER_FILTER = 50;
const GROUPS_PER_SEARCH = 5;

/**
 * Searches the works' phones, 250 per request; `onPart` hears each part's phone → contact id (the oldest
 * contact with that number) as soon as it is answered, every hit cached in `phone:contact` first. A failed
 * part's works carry the error in the result instead.
 */
export async function searchByPhone(
  env: Env,
  works: SyncWork[],
  onPart: (found: Map<string, string>, phones: string[]) => void,
): Promise<void> {
  const phones = unique(works.map((w) => normalizePhone(w.lead.phone)));
  const found = new Map<string, string>();
  for (const part of chunk(phones, PHONES_PER_FILTER * GROUPS_PER_SEARCH)) {
    if (env.state.aborted) {
      failPhones(env, works, part, env.state.aborted);
      continue;
    }
    const wanted = new Set(part);
    let after: string | undefined;
    try {
      do {
        const page = await env.session.run(
          'search',
          (c) =>
            c.crm.contacts.searchApi.doSearch({
              filterGroups: chunk(part, PHONES_PER_FILTER).map((values) => ({
                filters: [{ propertyName: 'phone', operator: 'IN' as FilterOperatorEnum, values }],
              })),
              properties: ['phone'],
              limit: 100,
              ...(after ? { after } : {}),
            }),
          { idempotent: true },
        );
        for (const row of page.results) {
          const p = normalizePhone(row.properties.phone);
          // Several contacts can share a number; the oldest (lowest id) is the one people already work with.
          if (!p || !wanted.has(p)) continue;
          const prev = found.get(p);
          if (!prev || Number(row.id) < Number(prev)) found.set(p, String(row.id));
        }
        after = page.paging?.next?.after;
      } while (after);
    } catch (e) {
      const err = classifyHubspotError(e);
      if (err.kind === 'auth') env.state.aborted = err;
      failPhones(env, works, part, err);
      continue;
    }
    for (const p of part) {
      const id = found.get(p);
      if (id) await env.ctx.ledger.put('phone:contact', p, id);
    }
    onPart(found, part);
  }
}

function failPhones(env: Env, works: SyncWork[], phones: string[], err: ConnectorError): void {
  const set = new Set(phones);
  for (const w of works) if (set.has(normalizePhone(w.lead.phone) ?? '')) env.result.set(w.key, err);
}
