/** The console build: first-load budget, every chunk it names exists, nothing that needs 'unsafe-eval'. */
import { describe, expect, it } from 'vitest';
import { buildConsole, CONSOLE_BUDGET_GZIP_BYTES } from '../../console/build.ts';

describe('console build', () => {
  it('fits the first-load budget and needs no eval', async () => {
    const b = await buildConsole();
    expect(b.initialJs[0]).toBe(b.entry);
    expect(b.initialJsGzipBytes).toBeGreaterThan(10_000);
    expect(b.initialJsGzipBytes).toBeLessThanOrEqual(CONSOLE_BUDGET_GZIP_BYTES);
    const names = new Set(b.assets.map((a) => a.name));
    for (const a of b.assets.filter((x) => x.name.endsWith('.js'))) {
      const code = a.body.toString();
      // Under script-src 'self' without 'unsafe-eval' these would throw at run time.
      expect(/\beval\(|new Function\(/.test(code), `${a.name} uses eval`).toBe(false);
      for (const m of code.matchAll(/["'`]\.\/((?:chunk|main)\.[A-Z0-9]+\.js)["'`]/g))
        expect(names, a.name).toContain(m[1]);
    }
    // Pages are lazy: the inbox's code is not in the first load.
    const first = b.assets
      .filter((a) => b.initialJs.includes(a.name))
      .map((a) => a.body.toString())
      .join('');
    expect(first.includes('Search name or phone'), "the inbox page's code is in the first load").toBe(false);
    expect(first.includes('leadline-console')).toBe(true);
  });
});
