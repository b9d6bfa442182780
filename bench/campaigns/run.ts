/**
 * `npm run bench -- campaigns`: the dialler at scale (dial.ts; BENCH_CAMPAIGN_CONTACTS sets the size). The
 * list import (import.ts) runs on its own: `node --import tsx bench/campaigns/import.ts`.
 */
await import('./dial.ts');
