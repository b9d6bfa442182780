import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { listMigrations } from '../db/migrate.ts';

/** /healthz: the process is up. /readyz: the database answers and every migration file is applied. */
export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  const expected = listMigrations().then((m) => m.map((x) => x.name));
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    try {
      const names = await expected;
      const rows = await ctx.db.$queryRaw<{ n: bigint }[]>`
        select count(*) as n from "_prisma_migrations" where "finished_at" is not null and "rolled_back_at" is null and "migration_name" = any(${names})`;
      const applied = Number(rows[0]?.n ?? 0);
      if (applied < names.length) {
        res
          .status(503)
          .type('application/problem+json')
          .json({
            type: 'https://leadline.dev/problems/not-ready',
            title: 'Not ready',
            status: 503,
            detail: `${names.length - applied} migration(s) not applied`,
          });
        return;
      }
      res.json({ status: 'ready', migrations: applied });
    } catch {
      res.status(503).type('application/problem+json').json({
        type: 'https://leadline.dev/problems/not-ready',
        title: 'Not ready',
        status: 503,
        detail: 'Database is not reachable',
      });
    }
  });
  return r;
}
