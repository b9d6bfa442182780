/**
 * Lead lists (campaigns' input): CSV import and its preview, the lists, their contacts, the refused rows,
 * deleting a list; and the do-not-call routes (routes-do-not-call.ts). Owners and admins only: a list is
 * a set of people the business will have an AI call. Another business's list id is 404, as a business is.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { audit } from '../../auth/audit.ts';
import { requireAuth } from '../../auth/principal.ts';
import { requireBusinessRole } from '../../businesses/access.ts';
import type { AppContext } from '../../context.ts';
import { Prisma } from '../../db/client.ts';
import type { OpenApiRegistry } from '../../http/openapi.ts';
import { afterCursor, pageOf, pageOrder, pageQuery, pageSchema } from '../../http/pagination.ts';
import { conflict, notFound, Problem } from '../../http/problem.ts';
import { routeBuilder } from '../../http/route.ts';
import { contactPage } from './contacts.ts';
import { importLeadList, type StoredReject } from './import.ts';
import { previewCsv } from './preview.ts';
import { writeRejectedCsv } from './rejected-csv.ts';
import { contactView, importQuery, listReport, listView, previewView } from './schemas.ts';
import { doNotCallRoutes } from './do-not-call-routes.ts';

const byId = z.object({ id: z.uuid() });
const byList = z.object({ id: z.uuid(), listId: z.uuid() });

type ListRow = Prisma.LeadListGetPayload<object>;
const viewOf = (l: ListRow) => ({
  id: l.id,
  name: l.name,
  defaultCountry: l.defaultCountry,
  consentBasis: l.consentBasis,
  columnMap: l.columnMap as Record<string, unknown>,
  rowCount: l.rowCount,
  acceptedCount: l.acceptedCount,
  duplicateCount: l.duplicateCount,
  rejectedCount: l.rejectedCount,
  createdAt: l.createdAt.toISOString(),
});
const reportOf = (l: ListRow) => ({
  ...viewOf(l),
  rejected: (l.rejected as unknown as StoredReject[]).map(({ row, reason, detail }) => ({ row, reason, detail })),
});

/** The body must be the CSV itself (the route reads it as a stream; express.json leaves it alone). */
function requireCsv(req: Request) {
  if (!req.is('text/csv'))
    throw new Problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send the file as text/csv');
}

export function leadListRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db } = ctx;
  const route = routeBuilder(r, registry, {
    prefix: '/api/v1',
    tag: 'campaigns',
    auth: true,
    before: [requireAuth(ctx)],
    db,
  });
  const findList = async (businessId: string, listId: string) => {
    const l = await db.leadList.findFirst({ where: { id: listId, businessId } });
    if (!l) throw notFound('Lead list');
    return l;
  };

  route(
    {
      method: 'post',
      path: '/businesses/:id/lead-lists/preview',
      summary: 'The header and first rows of a CSV (send the start of the file), for mapping its columns',
      params: byId,
      requestType: 'text/csv',
      response: previewView,
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      requireCsv(req);
      return previewCsv(req);
    },
  );

  route(
    {
      method: 'post',
      path: '/businesses/:id/lead-lists',
      summary: 'Import a lead list: the CSV is the body (text/csv, streamed); settings and column map in the query',
      description:
        'Up to LEAD_LIST_MAX_ROWS (100,000) data rows after a header row; more is 413 and nothing is written. ' +
        'Numbers are read with `defaultCountry`, must be mobiles or landlines Leadline may dial, and are de-duplicated ' +
        'within the list; numbers on a do-not-call list (or that texted STOP) are refused. Every refused row is in ' +
        '`rejected` with its row number (the header is row 1) and reason. A malformed file is 400 naming the line. ' +
        'All or nothing: a failed import leaves no list. Not idempotent by key (the body is a stream): re-sending ' +
        'creates a second list.',
      params: byId,
      query: importQuery,
      requestType: 'text/csv',
      response: listReport,
      status: 201,
      idempotent: false,
    },
    async ({ params, query, req, res }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      requireCsv(req);
      try {
        return reportOf(
          await importLeadList(ctx, {
            businessId: params.id,
            accountId: access.accountId,
            ip: req.ip ?? null,
            query,
            body: req,
          }),
        );
      } catch (e) {
        // The client may still be sending: end this connection after the answer instead of reading on.
        if (e instanceof Problem && e.status === 413) res.setHeader('connection', 'close');
        throw e;
      }
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/lead-lists',
      summary: 'Lead lists, newest first',
      params: byId,
      query: pageQuery,
      response: pageSchema(listView),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const rows = await db.leadList.findMany({
        where: { businessId: params.id, ...afterCursor(query.cursor, 'desc') },
        orderBy: pageOrder('desc'),
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, viewOf);
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/lead-lists/:listId',
      summary: 'A lead list and its validation report (every refused row: row number, reason)',
      params: byList,
      response: listReport,
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      return reportOf(await findList(params.id, params.listId));
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/lead-lists/:listId/rejected.csv',
      summary: 'The refused rows as uploaded, with row number and reason (formula-like cells escaped)',
      params: byList,
      responseType: 'text/csv',
    },
    async ({ params, req, res }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const l = await findList(params.id, params.listId);
      res.status(200).type('text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="rejected-${l.id}.csv"`);
      res.setHeader('cache-control', 'private, no-store');
      await writeRejectedCsv(res, l.headers, l.rejected as unknown as StoredReject[]);
    },
  );

  route(
    {
      method: 'get',
      path: '/businesses/:id/lead-lists/:listId/contacts',
      summary: "A list's contacts in file order (keyset: `cursor` from the previous page)",
      params: byList,
      query: pageQuery,
      response: pageSchema(contactView),
    },
    async ({ params, query, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      await findList(params.id, params.listId);
      return contactPage(db, params.listId, query);
    },
  );

  route(
    {
      method: 'delete',
      path: '/businesses/:id/lead-lists/:listId',
      summary: 'Delete a list and its contacts; refused (409) while a campaign uses it',
      status: 204,
      params: byList,
    },
    async ({ params, req }) => {
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      await findList(params.id, params.listId);
      try {
        await db.$transaction(async (tx) => {
          // Locks the list: a campaign created on it now waits for us, then finds it gone.
          await tx.$queryRaw`select 1 from "LeadList" where "id" = ${params.listId}::uuid for update`;
          const using = await tx.campaign.findFirst({
            where: { listId: params.listId },
            select: { name: true, status: true },
            orderBy: { createdAt: 'desc' },
          });
          if (using)
            throw conflict(
              using.status === 'running' || using.status === 'paused'
                ? `The campaign "${using.name}" is ${using.status} on this list; cancel it first`
                : `The campaign "${using.name}" keeps its report on this list; delete the campaign first`,
            );
          await tx.leadList.delete({ where: { id: params.listId } });
          await audit(tx, {
            action: 'lead_list.deleted',
            accountId: access.accountId,
            businessId: params.id,
            target: params.listId,
            ip: req.ip ?? null,
          });
        });
      } catch (e) {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2003')
          throw conflict('A campaign uses this list');
        throw e;
      }
    },
  );

  doNotCallRoutes(ctx, route);
  return r;
}
