import { describe, expect, it } from 'vitest';
import { leadSchema } from '../../server/leads/lead.schema.ts';
import { extractOffline } from '../../server/leads/extract/offline/index.ts';
import { redactTranscript } from '../../server/leads/transcript-redactor.ts';
import { scoreLead, type ScoredField } from '../../server/leads/extract/score.ts';
import {
  callOf,
  hasSharedFixtures,
  loadExamples,
  loadExtraCases,
  loadFixtures,
  type LabelledCase,
} from '../../testkit/labelled-calls.ts';

/**
 * Fields the offline extractor is known to get wrong, per case. Listed so a miss is visible; the test
 * also fails if a listed miss starts passing, so this list stays true. The labels were written before the
 * code was changed and were not edited to match it.
 */
const KNOWN_MISSES: Record<string, ScoredField[]> = {
  // The caller gave only an e-mail; the label says no phone, the extractor falls back to caller ID on purpose
  // (extractPhone: "it is the one number we have"). The fixtures README does not settle which is right.
  'h27-hoa-board-gutters-on-behalf': ['phone'],
};

function run(c: LabelledCase) {
  const { turns } = redactTranscript(c.transcript);
  return extractOffline(turns, c.business, callOf(c));
}

function checkCases(label: string, cases: LabelledCase[], minAccuracy: number) {
  describe(label, () => {
    for (const c of cases) {
      it(c.id, () => {
        const lead = run(c);
        expect(() => leadSchema.parse(lead)).not.toThrow();
        const score = scoreLead(c.expected, lead);
        const known = KNOWN_MISSES[c.id] ?? [];
        for (const f of score.fields) {
          if (known.includes(f.field)) expect(f.ok, `${c.id}.${f.field} is listed as a known miss`).toBe(false);
          else
            expect({ field: f.field, value: f.actual, ok: f.ok }).toEqual({
              field: f.field,
              value: f.actual,
              ok: true,
            });
        }
        if (c.expected.preferredTimeDateOnly !== undefined)
          expect(lead.preferredTimeDateOnly).toBe(c.expected.preferredTimeDateOnly);
        if (!lead.isLead) expect(lead.temperature).toBeNull();
        else expect(lead.temperature).not.toBeNull();
        const everything = JSON.stringify(lead).toLowerCase();
        for (const secret of c.mustNotContain ?? []) expect(everything).not.toContain(secret.toLowerCase());
      });
    }
    it(`per-field accuracy is at least ${minAccuracy * 100}%`, () => {
      let correct = 0;
      let total = 0;
      for (const c of cases) {
        const s = scoreLead(c.expected, run(c));
        correct += s.correct;
        total += s.total;
      }
      expect(correct / total).toBeGreaterThanOrEqual(minAccuracy);
    });
  });
}

// One known miss among the examples' 56 scored fields (above).
checkCases('offline extractor on the repository examples', loadExamples(), 0.98);
if (hasSharedFixtures) checkCases('offline extractor on the shared fixtures', loadFixtures(), 1);
checkCases('offline extractor on held-out cases', loadExtraCases(), 0.95);

describe('offline extractor details', () => {
  const [s01, s02, , , , , s07] = hasSharedFixtures ? loadFixtures() : [];
  it.skipIf(!hasSharedFixtures)('s01: exact lead (temperature, summary, reason)', () => {
    const lead = run(s01!);
    expect(lead).toMatchObject({
      isLead: true,
      name: 'Maria Gonzalez',
      phone: '+15125550142',
      service: 'leak repair',
      urgency: 'emergency',
      temperature: 'Hot',
      address: '4410 Pecan Street, Austin',
      customFields: {},
    });
    expect(lead.reason).toMatch(/pipe burst/);
    expect(lead.summary).toMatch(/^Maria Gonzalez called about leak repair \(emergency urgency\)/);
  });
  it.skipIf(!hasSharedFixtures)('s02: date-only Tuesday morning, Warm', () => {
    expect(run(s02!)).toMatchObject({
      preferredTime: '2026-05-19T09:00:00-04:00',
      preferredTimeDateOnly: true,
      temperature: 'Warm',
    });
  });
  it.skipIf(!hasSharedFixtures)('s07: price shopper is Cold', () => {
    expect(run(s07!).temperature).toBe('Cold');
  });
  it('fills capture fields from the agent question', () => {
    const c = loadExtraCases().find((x) => x.id === 'h10-plumber-water-heater-local-number')!;
    expect(run(c).customFields).toEqual({ tank_age: 'eight years' });
  });
  it('is deterministic', () => {
    const [e01] = loadExamples();
    expect(run(e01!)).toEqual(run(e01!));
  });
});
