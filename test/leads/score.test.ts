import { describe, expect, it } from 'vitest';
import type { ExtractedLead } from '../../server/leads/lead.schema.ts';
import { sameTime, scoreLead } from '../../server/leads/extract/score.ts';

const base: ExtractedLead = {
  isLead: true,
  name: 'Greg Olsen',
  phone: '+17205550188',
  email: null,
  reason: null,
  service: 'storm damage',
  urgency: 'emergency',
  temperature: 'Hot',
  preferredTime: '2026-06-21T08:30:00-06:00',
  preferredTimeDateOnly: false,
  address: '1220 Aspen Ridge Drive in Lakewood',
  summary: '',
  customFields: {},
};

describe('scoreLead', () => {
  it('compares names loosely, addresses by normalised containment, time within an hour', () => {
    const s = scoreLead(
      {
        isLead: true,
        name: 'greg olsen.',
        phone: '+17205550188',
        email: null,
        service: 'storm damage',
        urgency: 'emergency',
        preferredTime: '2026-06-21T08:00:00-06:00',
        address: '1220 Aspen Ridge Dr, Lakewood',
      },
      base,
    );
    expect(s.fields.filter((f) => !f.ok)).toEqual([]);
    expect(s).toMatchObject({ correct: 8, total: 8 });
  });

  it('fails a wrong phone, a null vs value, and a time on another day', () => {
    const s = scoreLead({ phone: '+17205550133', email: 'a@b.co', preferredTime: '2026-06-22T08:30:00-06:00' }, base);
    expect(s.fields.map((f) => [f.field, f.ok])).toEqual([
      ['phone', false],
      ['email', false],
      ['preferredTime', false],
    ]);
  });

  it('only scores labelled fields', () => {
    expect(scoreLead({ name: 'Greg Olsen' }, base)).toMatchObject({ correct: 1, total: 1 });
  });
});

describe('sameTime', () => {
  it('needs the same local date and, unless date-only, 60 minutes', () => {
    expect(sameTime('2026-05-19T09:00:00-04:00', '2026-05-19T10:00:00-04:00', false)).toBe(true);
    expect(sameTime('2026-05-19T09:00:00-04:00', '2026-05-19T10:01:00-04:00', false)).toBe(false);
    expect(sameTime('2026-05-19T09:00:00-04:00', '2026-05-19T16:00:00-04:00', true)).toBe(true);
    // Same instant written in UTC still counts, judged on the label's local date.
    expect(sameTime('2026-05-19T21:00:00-04:00', '2026-05-20T01:00:00Z', false)).toBe(true);
    expect(sameTime('2026-05-19T09:00:00-04:00', '2026-05-20T09:00:00-04:00', true)).toBe(false);
  });
});
