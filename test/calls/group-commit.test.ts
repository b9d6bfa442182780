import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../server/calls/group-commit.ts';

type Item = { key: string; v: number };

/** A `run` that records its batches and answers each item with v * 10 after `ms`. */
function recorder(ms = 5, fail?: (items: Item[]) => unknown) {
  const batches: number[][] = [];
  let inFlight = 0;
  let maxSeen = 0;
  const run = async (items: Item[]) => {
    batches.push(items.map((i) => i.v));
    inFlight++;
    maxSeen = Math.max(maxSeen, inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    const err = fail?.(items);
    if (err) throw err;
    return items.map((i) => i.v * 10);
  };
  return { run, batches, maxInFlight: () => maxSeen };
}

const items = (n: number, key = (i: number) => `k${i}`) => Array.from({ length: n }, (_, i) => ({ key: key(i), v: i }));

describe('group commit', () => {
  it('sends what arrives together as one batch, each caller getting its own result', async () => {
    const r = recorder();
    const submit = groupCommit<Item, number>({ run: r.run, key: (i) => i.key, maxInFlight: 1 });
    const out = await Promise.all(items(10).map(submit));
    expect(out).toEqual(items(10).map((i) => i.v * 10));
    expect(r.batches).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it('queues while maxInFlight batches are out and bounds batch size', async () => {
    const r = recorder(10);
    const submit = groupCommit<Item, number>({ run: r.run, key: (i) => i.key, maxInFlight: 2, maxBatch: 4 });
    const first = submit({ key: 'a', v: 100 });
    await new Promise((res) => setImmediate(res));
    const rest = items(11).map(submit);
    expect(await Promise.all([first, ...rest])).toEqual([1000, ...items(11).map((i) => i.v * 10)]);
    expect(r.batches[0]).toEqual([100]);
    expect(r.batches.slice(1).map((b) => b.length)).toEqual([4, 4, 3]);
    expect(r.maxInFlight()).toBe(2);
  });

  it('never puts two items with the same key in one batch; the later one goes next', async () => {
    const r = recorder();
    const submit = groupCommit<Item, number>({ run: r.run, key: (i) => i.key, maxInFlight: 1 });
    const out = await Promise.all(items(6, (i) => (i % 2 ? 'same' : `k${i}`)).map(submit));
    expect(out).toEqual([0, 10, 20, 30, 40, 50]);
    for (const b of r.batches) expect(b.filter((v) => v % 2).length).toBeLessThanOrEqual(1);
    expect(r.batches).toEqual([[0, 1, 2, 4], [3], [5]]);
  });

  it('a batch that fails because of one item is retried item by item: only that caller gets the error', async () => {
    const r = recorder(1, (batch) => (batch.some((i) => i.v === 3) ? new Error('bad item 3') : null));
    const submit = groupCommit<Item, number>({ run: r.run, key: (i) => i.key, maxInFlight: 1 });
    const out = await Promise.allSettled(items(5).map(submit));
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      0,
      10,
      20,
      'bad item 3',
      40,
    ]);
  });

  it('does not retry item by item when the error is everyone’s', async () => {
    const r = recorder(1, () => new Error('connection lost'));
    const submit = groupCommit<Item, number>({
      run: r.run,
      key: (i) => i.key,
      maxInFlight: 1,
      retryAlone: () => false,
    });
    const out = await Promise.allSettled(items(4).map(submit));
    expect(out.every((o) => o.status === 'rejected')).toBe(true);
    expect(r.batches).toHaveLength(1);
  });
});
