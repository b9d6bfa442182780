/** #12.12: the caller drives book_appointment, so it books only free, open slots within the horizon. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { runTool } from '../../server/calls/tools.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { callSid, fakeNumber, telephonyEnv } from '../../testkit/twilio.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: telephonyEnv() });
});
afterAll(async () => {
  await app.close();
});

const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '17:00']]]));

async function call() {
  const b = await createBusiness(app.ctx.db, {
    name: 'Rapid Rooter',
    timezone: 'UTC',
    phone: fakeNumber(),
    weeklyHours: weekdays,
  } as never);
  return app.ctx.db.call.create({
    data: { businessId: b.id, twilioCallSid: callSid(), direction: 'inbound', status: 'in_progress' },
  });
}

/** The next weekday at `hour`:00 UTC, at least two days out. */
function nextWeekdayAt(hour: number, daysAhead = 2): string {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace('.000Z', '+00:00');
}

describe('book_appointment', () => {
  it.each([
    ['in the past', () => '2020-03-10T10:00:00+00:00', /passed/],
    ['outside opening hours', () => nextWeekdayAt(20), /closed/],
    ['years ahead', () => nextWeekdayAt(10, 3 * 365), /within the next/],
  ])('refuses a time %s, and records nothing', async (_what, start, reason) => {
    const c = await call();
    const r = await runTool(app.ctx, c.id, 'book_appointment', { start: start() });
    expect(r.output).toMatchObject({ booked: false, reason: expect.stringMatching(reason) });
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: c.id } })).requestedStart).toBeNull();
  });

  it('takes a free slot in opening hours (no calendar: noted for the team)', async () => {
    const c = await call();
    const start = nextWeekdayAt(10);
    const r = await runTool(app.ctx, c.id, 'book_appointment', { start });
    expect(r.output).toMatchObject({ booked: false, noted: true });
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: c.id } })).requestedStart?.toISOString()).toBe(
      new Date(start).toISOString(),
    );
  });
});
