/**
 * The rooms of ARCHITECTURE.md as rules, checked by `npm run lint:deps` (part of `npm test`), so the
 * picture cannot drift from the code. Each rule names the row of the rooms table it enforces; changing a
 * rule means changing that table on purpose, in the same commit.
 *
 * Type-only imports count: a cycle or a wrong-way edge through types still ties the rooms together.
 */

// Everything in server/ that is a business capability (a "room" with rules of its own).
const FEATURES = '^server/(auth|businesses|calls|leads|sync|oauth|widget-api|privacy|webhooks|console|campaigns)/';
const CRMS = '^(server/(sync|oauth)/|connectors/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'One direction of flow: put what both sides need where both can import it downward.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'connectors-know-no-server',
      severity: 'error',
      comment:
        'connectors/<vendor>/ knows nothing of our database (rooms table): connectors import nothing from server/.',
      from: { path: '^connectors/' },
      to: { path: '^server/' },
    },
    {
      name: 'widget-knows-only-the-widget-api',
      severity: 'error',
      comment: 'widget/ knows nothing but the widget API (over HTTP): no imports from server/ or connectors/.',
      from: { path: '^widget/' },
      to: { path: '^(server|connectors)/' },
    },
    {
      name: 'console-knows-only-http',
      severity: 'error',
      comment:
        'console/ (the browser app) knows our server only over HTTP: no imports from server/, connectors/ or widget/.',
      from: { path: '^console/' },
      to: { path: '^(server|connectors|widget)/' },
    },
    {
      name: 'server-console-knows-no-vendors',
      severity: 'error',
      comment:
        'server/console/ serves the console and reads across rooms for it (accounts, calls, leads, sync status), ' +
        'but knows no vendor, OAuth install or widget API code.',
      from: { path: '^server/console/' },
      to: { path: ['^connectors/', '^server/(oauth|widget-api)/'] },
    },
    {
      name: 'base-knows-no-features',
      severity: 'error',
      comment:
        'The base (config, log, db, crypto, time, mail, http, jobs) serves every room and knows none: ' +
        "jobs/tasks.ts is the list that mounts the rooms' tasks, as app.ts mounts their routes.",
      from: {
        path: '^server/(config\\.ts|log\\.ts|ports\\.ts|db/|crypto/|time/|mail/|http/|jobs/)',
        pathNot: '^server/jobs/tasks\\.ts$',
      },
      to: {
        path: [FEATURES, '^connectors/', '^server/(app|runtime|upgrades|main|worker-main)\\.ts$', '^server/cli/'],
        // config.ts composes the manifests' env declarations (see config-reads-only-env).
        pathNot: '^connectors/(index|manifest)\\.ts$',
      },
    },
    {
      name: 'config-reads-only-env',
      severity: 'error',
      comment:
        'server/config.ts is the only reader of environment variables; it depends on nothing of ours but the ' +
        'connector manifests, whose env declarations it composes into one schema.',
      from: { path: '^server/config\\.ts$' },
      to: { path: '^(server|connectors|widget)/', pathNot: '^connectors/(index|manifest)\\.ts$' },
    },
    {
      name: 'time-knows-nothing',
      severity: 'error',
      comment: 'server/time/ (wall clocks in IANA zones) is pure: it imports nothing of ours outside itself.',
      from: { path: '^server/time/' },
      to: { path: '^(server|connectors|widget)/', pathNot: '^server/time/' },
    },
    {
      name: 'app-mounts-only-routes',
      severity: 'error',
      comment: 'server/app.ts assembles Express and knows no business rules: from a room it takes only routes.ts.',
      from: { path: '^server/app\\.ts$' },
      to: { path: FEATURES, pathNot: '/routes\\.ts$' },
    },
    {
      name: 'auth-businesses-know-no-calls-or-crms',
      severity: 'error',
      comment: 'server/auth/ and server/businesses/ know nothing of calls, leads, CRMs or the widget API.',
      from: { path: '^server/(auth|businesses)/' },
      to: { path: ['^server/(calls|leads|sync|oauth|widget-api)/', '^connectors/'] },
    },
    {
      name: 'calls-know-no-crms-or-widget-api',
      severity: 'error',
      comment:
        'server/calls/ knows nothing of CRMs, the widget API or campaigns: calendar tools, callback progress and ' +
        'campaign calls reach them through ports on the app context (server/ports.ts).',
      from: { path: '^server/calls/' },
      to: { path: [CRMS, '^server/widget-api/', '^server/campaigns/'] },
    },
    {
      name: 'campaigns-know-no-crms-or-widget-api',
      severity: 'error',
      comment:
        'server/campaigns/ dials through calls and billing and reports through the webhook outbox; CRMs hear of ' +
        'its calls as of any other (leads, sync), and calls reach campaigns only through a port (ctx.campaignCalls).',
      from: { path: '^server/campaigns/' },
      to: { path: [CRMS, '^server/widget-api/'] },
    },
    {
      name: 'leads-know-no-vendors-or-widget-api',
      severity: 'error',
      comment:
        'server/leads/ knows nothing of vendors (connectors/, OAuth) or the widget API; it hands a lead to sync ' +
        'through the outbox and callback progress through a port.',
      from: { path: '^server/leads/' },
      // connectors/types.ts is the contract (the transcript turn a CRM receives), not a vendor.
      to: { path: ['^connectors/', '^server/(oauth|widget-api)/'], pathNot: '^connectors/types\\.ts$' },
    },
    {
      name: 'sync-oauth-know-no-vendor-apis',
      severity: 'error',
      comment:
        'server/sync/ and server/oauth/ know the connector contract (connectors/types.ts, manifest.ts, shared/), ' +
        'never a vendor folder: the registry is built once per process in server/runtime.ts.',
      from: { path: '^server/(sync|oauth)/' },
      to: { path: '^connectors/', pathNot: '^connectors/(types\\.ts|manifest\\.ts|shared/)' },
    },
    {
      name: 'sync-knows-no-oauth',
      severity: 'error',
      comment: 'oauth installs connections and hands them to sync; sync never reaches back into oauth.',
      from: { path: '^server/sync/' },
      to: { path: '^server/oauth/' },
    },
    {
      name: 'widget-api-knows-no-calls-leads-crms',
      severity: 'error',
      comment:
        'server/widget-api/ hears call progress through its own table and NOTIFY; it imports no calls, leads or CRM code.',
      from: { path: '^server/widget-api/' },
      to: { path: ['^server/(calls|leads|sync|oauth)/', '^connectors/'] },
    },
    {
      name: 'no-room-knows-privacy',
      severity: 'error',
      comment:
        'server/privacy/ reaches into every room that holds personal data (it deletes it); none of them imports ' +
        'privacy back: only app.ts (routes), jobs/tasks.ts and the CLI do.',
      from: { path: FEATURES, pathNot: '^server/privacy/' },
      to: { path: '^server/privacy/' },
    },
    {
      name: 'privacy-knows-no-vendors-or-widget-api',
      severity: 'error',
      comment:
        'server/privacy/ erases in CRMs through the connector contract (Connector.erase), never a vendor folder.',
      from: { path: '^server/privacy/' },
      to: { path: ['^server/widget-api/', '^connectors/'], pathNot: '^connectors/(types\\.ts|manifest\\.ts)' },
    },
    {
      name: 'webhooks-know-no-rooms-they-serve',
      comment:
        'server/webhooks/ (outbox, delivery, endpoints) is told about changes by the rooms that make them ' +
        '(emitWebhookEvent in their transactions); it imports none of them, nor any vendor.',
      severity: 'error',
      from: { path: '^server/webhooks/' },
      to: { path: ['^server/(calls|leads|sync|oauth|widget-api|billing)/', '^connectors/'] },
    },
    {
      name: 'rooms-know-no-entry-points',
      severity: 'error',
      comment:
        'Entry points (main, worker-main, cli/) and the composition (runtime, app, upgrades) import the rooms, ' +
        'never the other way round: what a room needs of them goes on the context or into server/http/.',
      from: { path: ['^server/', '^connectors/'], pathNot: '^server/(cli/|(runtime|main|worker-main)\\.ts$)' },
      to: { path: '^server/((app|upgrades|runtime|main|worker-main)\\.ts$|cli/)' },
    },
    {
      name: 'client-knows-only-the-api',
      severity: 'error',
      comment:
        'client/ (the typed API client) knows the API through its generated types only: nothing of server/, ' +
        'connectors/, the widget or the tests.',
      from: { path: '^client/' },
      to: { path: '^(server|connectors|widget|test|testkit)/' },
    },
    {
      name: 'shipped-knows-no-tests',
      severity: 'error',
      comment: 'Shipped code never imports the test kit or a test.',
      from: { path: '^(server|connectors|widget|console|bin|client)/' },
      to: { path: '^(test|testkit)/' },
    },
    {
      name: 'testkit-knows-no-tests',
      severity: 'error',
      comment: 'The test kit serves test/ and bench/; a test is never a library for another.',
      from: { path: '^testkit/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    // TypeScript 7 (the native compiler) has no JS API; swc parses our erasable-syntax TypeScript.
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^server/db/generated/' },
  },
};
