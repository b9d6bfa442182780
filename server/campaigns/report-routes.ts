/** A campaign's report and its CSV export (members read the report; the export is for owners and admins). */
import { z } from 'zod';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import type { routeBuilder } from '../http/route.ts';
import { campaignReport, dialRows, reportCallOf, reportCsv, reportView } from './report.ts';

const byCampaign = z.object({ id: z.uuid(), campaignId: z.uuid() });

export function reportRoutes(
  ctx: AppContext,
  route: ReturnType<typeof routeBuilder>,
  find: (businessId: string, campaignId: string) => Promise<{ id: string; name: string; status: string }>,
): void {
  const { db, config } = ctx;
  route(
    {
      method: 'get',
      path: '/:id/campaigns/:campaignId/report',
      summary:
        'Campaign report: dials by outcome, minutes used, conversion, recent calls with transcript and recording links',
      params: byCampaign,
      response: reportView,
    },
    async ({ params, req }) => {
      await requireBusinessRole(db, req, params.id);
      const c = await find(params.id, params.campaignId);
      return campaignReport(db, c, config.PUBLIC_BASE_URL);
    },
  );
  route(
    {
      method: 'get',
      path: '/:id/campaigns/:campaignId/report.csv',
      summary: "Every call of the campaign as CSV (owners and admins: it lists contacts' numbers)",
      params: byCampaign,
      responseType: 'text/csv',
    },
    async ({ params, req, res }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const c = await find(params.id, params.campaignId);
      const rows = await dialRows(db, c.id);
      res
        .status(200)
        .type('text/csv')
        .attachment(`campaign-${c.id}.csv`)
        .send(reportCsv(rows.map((r) => reportCallOf(r, config.PUBLIC_BASE_URL))));
    },
  );
}
