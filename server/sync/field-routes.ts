/**
 * The field mapping editor's API: for one connection, our lead fields with their default and current CRM
 * field, and the CRM's writable fields of the object we write (Connector.listFields, cached briefly); and the
 * check PATCH …/connections/:provider runs on a `fieldMapping` before storing it.
 */
import { z } from 'zod';
import type { Connector } from '../../connectors/types.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/generated/client.ts';
import { notFound, Problem } from '../http/problem.ts';
import type { routeBuilder } from '../http/route.ts';
import { crmFields } from './crm-fields.ts';
import { type CaptureField, leadFieldRow, leadFieldRows, unknownLeadFields, unknownTargets } from './field-mapping.ts';
import { requireConnector } from './registry.ts';

const fieldsResponse = z.object({
  provider: z.string(),
  /** False when the connector has no field mapping (a calendar); the lists are then empty. */
  mappable: z.boolean(),
  /** The CRM object the mapping writes ("contact", "Lead"). */
  object: z.string().nullable(),
  /** What happens to a field left unmapped. */
  unmapped: z.string().nullable(),
  leadFields: z.array(leadFieldRow),
  crmFields: z.array(z.object({ name: z.string(), label: z.string(), type: z.string() })),
  mapping: z.record(z.string(), z.string()),
  defaultMapping: z.record(z.string(), z.string()),
  /** When the CRM's fields were read (they are kept a few minutes). */
  fetchedAt: z.string().nullable(),
});

const captureFields = z.array(z.object({ key: z.string(), label: z.string() })).catch([]);

async function captureFieldsOf(ctx: AppContext, businessId: string): Promise<CaptureField[]> {
  const b = await ctx.db.business.findUnique({ where: { id: businessId }, select: { captureFields: true } });
  return captureFields.parse(b?.captureFields ?? []);
}

const overridesOf = (conn: Connection): Record<string, string> =>
  z
    .record(z.string(), z.string())
    .catch({})
    .parse((conn.settings as { fieldMapping?: unknown } | null)?.fieldMapping ?? {});

function invalid(detail: string, paths: string[], ext: Record<string, unknown> = {}) {
  return new Problem(422, 'validation', 'Invalid request', detail, {
    errors: paths.map((path) => ({ path, message: detail })),
    ...ext,
  });
}

/**
 * A `fieldMapping` override checked before it is stored: our side names fields this connector maps, their
 * side names writable fields of the CRM (read again when the cached list lacks one: it may be brand new).
 */
export async function checkFieldMapping(
  ctx: AppContext,
  conn: Connection,
  connector: Connector,
  mapping: Record<string, string>,
): Promise<void> {
  if (connector.fieldMapping) {
    const ours = unknownLeadFields(connector.fieldMapping, mapping, await captureFieldsOf(ctx, conn.businessId));
    if (ours.length)
      throw invalid(
        `${connector.displayName} mapping: Leadline has no field ${ours.join(', ')} to send`,
        ours.map((k) => `fieldMapping.${k}`),
      );
  }
  if (!connector.listFields) return;
  const known = await crmFields(ctx, conn, connector);
  let unknown = unknownTargets(mapping, known.fields);
  if (unknown.length && known.cached)
    unknown = unknownTargets(mapping, (await crmFields(ctx, conn, connector, { fresh: true })).fields);
  if (unknown.length)
    throw invalid(
      `${connector.displayName} has no ${unknown.length === 1 ? 'property' : 'properties'} ${unknown.map(([, v]) => v).join(', ')}`,
      unknown.map(([k]) => `fieldMapping.${k}`),
      { unknownProperties: unknown.map(([, v]) => v) },
    );
}

export function fieldMappingRoutes(ctx: AppContext, route: ReturnType<typeof routeBuilder>): void {
  const { db } = ctx;
  route(
    {
      method: 'get',
      path: '/businesses/:id/connections/:provider/fields',
      summary:
        "The field mapping editor: Leadline's lead fields with their default and current CRM field, and the CRM's writable fields",
      response: fieldsResponse,
      params: z.object({ id: z.uuid(), provider: z.string().min(1).max(40) }),
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id);
      const connector = requireConnector(ctx, params.provider);
      const conn = await db.connection.findUnique({
        where: { businessId_provider: { businessId: params.id, provider: params.provider } },
      });
      if (!conn) throw notFound('Connection');
      const spec = connector.fieldMapping;
      const mapping = overridesOf(conn);
      if (!spec || !connector.listFields)
        return {
          provider: conn.provider,
          mappable: false,
          object: null,
          unmapped: null,
          leadFields: [],
          crmFields: [],
          mapping,
          defaultMapping: { ...connector.defaultFieldMapping },
          fetchedAt: null,
        };
      const [capture, crm] = await Promise.all([captureFieldsOf(ctx, params.id), crmFields(ctx, conn, connector)]);
      return {
        provider: conn.provider,
        mappable: true,
        object: spec.object,
        unmapped: spec.unmapped,
        leadFields: leadFieldRows(spec, connector.defaultFieldMapping, mapping, capture),
        crmFields: crm.fields,
        mapping,
        defaultMapping: { ...connector.defaultFieldMapping },
        fetchedAt: crm.fetchedAt.toISOString(),
      };
    },
  );
}
