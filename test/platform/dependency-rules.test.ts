/**
 * The rules `npm run lint:deps` checks (.dependency-cruiser.cjs) must bite: the repository's own config is run
 * over a small fixture tree shaped like ours, holding one wrong-way edge per rule under test plus edges the
 * rooms table allows, and exactly the wrong ones must be reported. (That the real tree passes is lint:deps
 * itself, in `npm test`.)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** file → the files it imports (all `.ts`, relative to the fixture root). */
const FIXTURE: Record<string, string[]> = {
  // A cycle through three modules of one room.
  'server/sync/a.ts': ['server/sync/b.ts'],
  'server/sync/b.ts': ['server/sync/c.ts'],
  'server/sync/c.ts': ['server/sync/a.ts'],
  // A room reaching into a room it must know nothing of, and one edge the table allows (calls → leads).
  'server/calls/tools.ts': ['server/sync/a.ts', 'server/leads/process-call.ts', 'server/ports.ts'],
  'server/leads/process-call.ts': ['server/widget-api/progress.ts', 'server/db/client.ts'],
  'server/widget-api/progress.ts': ['server/db/client.ts'],
  'server/db/client.ts': [],
  'server/ports.ts': ['server/db/client.ts'],
  // The base knowing a room; a vendor connector knowing our database; the widget knowing the server.
  'server/http/problem.ts': ['server/calls/tools.ts'],
  'connectors/hubspot/push.ts': ['server/db/client.ts', 'connectors/types.ts'],
  'connectors/types.ts': [],
  'widget/src/loader.ts': ['server/widget-api/progress.ts'],
  // sync taking a vendor folder instead of the connector contract.
  'server/sync/registry.ts': ['connectors/hubspot/push.ts', 'connectors/types.ts'],
  // A room reaching up into the app that mounts it (how app.ts ↔ routes cycles start).
  'server/widget-api/routes.ts': ['server/app.ts'],
  'server/app.ts': [],
  // Shipped code borrowing a test helper; the test kit borrowing from a test.
  'server/calls/media.ts': ['testkit/app.ts'],
  'testkit/app.ts': ['test/calls/media.test.ts'],
  'test/calls/media.test.ts': [],
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

let dir: string;
let report: { summary: { violations: Violation[]; totalCruised: number } };
let violations: Violation[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'leadline-depcruise-'));
  for (const [file, imports] of Object.entries(FIXTURE)) {
    const at = path.join(dir, file);
    await mkdir(path.dirname(at), { recursive: true });
    const lines = imports.map((to, i) => {
      let rel = path.relative(path.dirname(file), to);
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `import { x as x${i} } from '${rel}';`;
    });
    await writeFile(at, `${lines.join('\n')}\nexport const x = [${imports.map((_, i) => `x${i}`).join(', ')}];\n`);
  }
  const bin = path.join(root, 'node_modules/.bin/depcruise');
  // depcruise exits non-zero when it finds violations; the JSON report is on stdout either way.
  const out = await run(
    bin,
    ['server', 'connectors', 'widget', '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    { cwd: dir, maxBuffer: 16 << 20 },
  ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
  report = JSON.parse(out.stdout);
  violations = report.summary.violations;
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('cruises every fixture module (without the swc parser, TypeScript 7 leaves none to cruise)', () => {
    expect(report.summary.totalCruised).toBe(Object.keys(FIXTURE).length);
  });

  it('reports an import cycle', () => {
    const cycles = violations.filter((v) => v.rule.name === 'no-circular');
    expect(cycles.length).toBeGreaterThan(0);
    expect(new Set(cycles.flatMap((v) => [v.from, ...(v.cycle ?? []).map((c) => c.name)]))).toEqual(
      new Set(['server/sync/a.ts', 'server/sync/b.ts', 'server/sync/c.ts']),
    );
  });

  it('reports exactly the edges the rooms table forbids', () => {
    const edges = violations
      .filter((v) => v.rule.name !== 'no-circular')
      .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
      .sort();
    expect(edges).toEqual(
      [
        'base-knows-no-features: server/http/problem.ts → server/calls/tools.ts',
        'calls-know-no-crms-or-widget-api: server/calls/tools.ts → server/sync/a.ts',
        'connectors-know-no-server: connectors/hubspot/push.ts → server/db/client.ts',
        'leads-know-no-vendors-or-widget-api: server/leads/process-call.ts → server/widget-api/progress.ts',
        'rooms-know-no-entry-points: server/widget-api/routes.ts → server/app.ts',
        'shipped-knows-no-tests: server/calls/media.ts → testkit/app.ts',
        'testkit-knows-no-tests: testkit/app.ts → test/calls/media.test.ts',
        'sync-oauth-know-no-vendor-apis: server/sync/registry.ts → connectors/hubspot/push.ts',
        'widget-knows-only-the-widget-api: widget/src/loader.ts → server/widget-api/progress.ts',
      ].sort(),
    );
  });
});
