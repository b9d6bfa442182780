/** The campaign pages' pure parts: the form as the API's body, server errors by field, progress and labels. */
import { describe, expect, it } from 'vitest';
import { campaignBody, fieldErrors } from '../../console/src/pages/campaigns/campaign-form.ts';
import { actionsFor, HOURS, outcomeCounts, progressSummary } from '../../console/src/pages/campaigns/labels.ts';
import { createCampaignBody } from '../../server/campaigns/schema.ts';

const FIELDS = ['name', 'window', 'maxConcurrent', 'retryHours', 'voicemailMessage'];

describe('campaign form', () => {
  const values: Record<string, string> = {
    listId: '0b9b3b8e-6a55-4d6f-9f0e-1d2b3c4d5e6f',
    name: 'Spring',
    goal: 'book',
    script: 'Offer a check-up.',
    greeting: 'Hi!',
    disclosure: 'An AI assistant.',
    voice: 'coral',
    callerId: '+15125550100',
    start: '09:00',
    end: '18:00',
    maxAttempts: '2',
    retryHours: '1.5',
    maxConcurrent: '3',
    callsPerMinute: '6',
    machineAction: 'leave_message',
    voicemailMessage: ' Call us back! ',
  };
  const form = (over: Record<string, string> = {}, days = ['1', '3']) => ({
    get: (k: string) => ({ ...values, ...over })[k] ?? '',
    days,
  });

  it('is a body the server accepts as it is', () => {
    const body = campaignBody(form());
    expect(body).toMatchObject({
      window: { start: '09:00', end: '18:00', days: [1, 3] },
      retrySpacingMinutes: 90,
      maxConcurrent: 3,
      voicemailMessage: 'Call us back!',
    });
    expect(createCampaignBody.safeParse(body).success).toBe(true);
  });

  it('leaves the message out when the machine gets a hang-up, and sends empty numbers as invalid', () => {
    const body = campaignBody(form({ machineAction: 'hang_up', maxAttempts: '' }));
    expect(body.voicemailMessage).toBeUndefined();
    expect(createCampaignBody.safeParse(body).error?.issues.map((i) => i.path.join('.'))).toEqual(['maxAttempts']);
  });

  it("puts each of a problem's errors on the field it names, the rest above the form", () => {
    expect(
      fieldErrors(
        {
          errors: [
            { path: 'maxConcurrent', message: 'the Pro plan allows at most 10' },
            { path: 'window.start', message: 'a time as HH:MM' },
            { path: 'window', message: 'at least 15 minutes' },
            { path: 'body.name', message: 'unreadable characters' },
            { path: 'retrySpacingMinutes', message: 'too small' },
            { path: 'query.x', message: 'odd' },
          ],
        },
        FIELDS,
      ),
    ).toEqual({
      maxConcurrent: 'the Pro plan allows at most 10',
      window: 'a time as HH:MM; at least 15 minutes',
      name: 'unreadable characters',
      retryHours: 'too small',
      '': 'query.x: odd',
    });
    expect(fieldErrors({ detail: 'The Trial plan has no campaigns' }, FIELDS)).toEqual({
      '': 'The Trial plan has no campaigns',
    });
  });
});

describe('campaign labels', () => {
  it('offers only hours within 08:00–21:00', () => {
    expect(HOURS[0]).toBe('08:00');
    expect(HOURS.at(-1)).toBe('21:00');
  });

  it('summarises progress and outcomes', () => {
    const p = {
      targets: 8,
      pending: 3,
      dialling: 1,
      done: 4,
      dials: 6,
      outcomes: { busy: 1, booked: 3, failed: 0 },
      dailyLimitResetsAt: null,
    };
    expect(progressSummary(p)).toEqual({ done: 4, total: 8, percent: 50, remaining: 4 });
    expect(progressSummary(undefined)).toEqual({ done: 0, total: 0, percent: 0, remaining: 0 });
    expect(outcomeCounts(p.outcomes)).toEqual([
      { key: 'booked', label: 'Booked', n: 3 },
      { key: 'busy', label: 'Busy', n: 1 },
    ]);
  });

  it('offers the transitions the server allows from each status', () => {
    expect(actionsFor('draft')).toEqual(['start', 'cancel']);
    expect(actionsFor('running')).toEqual(['pause', 'cancel']);
    expect(actionsFor('paused')).toEqual(['resume', 'cancel']);
    expect(actionsFor('completed')).toEqual([]);
  });
});
