import { describe, expect, it } from 'vitest';
import { leadSchema } from '../../server/leads/lead.schema.ts';
import { extractOffline } from '../../server/leads/extract/offline/index.ts';
import { SCORED_FIELDS, scoreLead, type ScoredField } from '../../server/leads/extract/score.ts';
import { redactTranscript } from '../../server/leads/transcript-redactor.ts';
import { callOf, type LabelledCase } from '../../testkit/labelled-calls.ts';
import { loadUnseen } from '../../testkit/unseen-cases.ts';

/**
 * The issue-18 set (cases/unseen/README.md). Unlike cases/*.json, not every call must pass: the parts are
 * held to per-field floors. Dev floors sit just under what the rules reach on it; held-out floors are
 * regression floors under the measured numbers (bench/RESULTS.md), not the issue's goals. Dev service is
 * lower than the rest: the urgency rounds (dv265 onward) are labelled for every field, and 14 of their 137
 * services are still missed (dv01-dv264 alone: 254/264, as before).
 */
const FLOORS: Record<'dev' | 'held-out', Record<ScoredField, number>> = {
  dev: {
    isLead: 0.97,
    name: 0.97,
    phone: 0.97,
    email: 0.97,
    service: 0.93,
    urgency: 0.95,
    preferredTime: 0.95,
    address: 0.95,
  },
  'held-out': {
    isLead: 0.95,
    name: 0.9,
    phone: 0.95,
    email: 0.95,
    service: 0.9,
    urgency: 0.9,
    preferredTime: 0.88,
    address: 0.95,
  },
};

function run(c: LabelledCase) {
  const { turns } = redactTranscript(c.transcript);
  return { lead: extractOffline(turns, c.business, callOf(c)), turns };
}

for (const part of ['dev', 'held-out'] as const) {
  describe(`unseen calls, ${part} part`, () => {
    const cases = loadUnseen(part);
    it('has the calls and trades the issue asks for', () => {
      expect(cases.length).toBeGreaterThanOrEqual(part === 'dev' ? 72 : 48);
      expect(new Set(cases.map((c) => c.business.industry)).size).toBeGreaterThanOrEqual(20);
    });

    it('meets its per-field floors, every lead valid', () => {
      const per = new Map<ScoredField, { ok: number; n: number }>();
      for (const c of cases) {
        const { lead } = run(c);
        expect(() => leadSchema.parse(lead)).not.toThrow();
        for (const f of scoreLead(c.expected, lead).fields) {
          const p = per.get(f.field) ?? { ok: 0, n: 0 };
          p.n++;
          if (f.ok) p.ok++;
          per.set(f.field, p);
        }
      }
      const accuracy = Object.fromEntries(SCORED_FIELDS.map((f) => [f, per.get(f)!.ok / per.get(f)!.n]));
      for (const f of SCORED_FIELDS)
        expect({ field: f, ok: accuracy[f]! >= FLOORS[part][f] }).toEqual({ field: f, ok: true });
    });

    it('never lets a card number or SSN through, in the lead or the stored transcript', () => {
      const withSecrets = cases.filter((c) => c.mustNotContain?.length);
      expect(withSecrets.length).toBeGreaterThan(0);
      for (const c of withSecrets) {
        const stored = JSON.stringify(run(c)).toLowerCase();
        for (const s of c.mustNotContain!) expect(stored).not.toContain(s.toLowerCase());
      }
    });
  });
}

it('extracts offline in well under 5 ms per call (median over the unseen set, after warm-up)', () => {
  const cases = [...loadUnseen('dev'), ...loadUnseen('held-out')];
  for (const c of cases) run(c);
  const samples = cases.map((c) => {
    const t0 = performance.now();
    run(c);
    return performance.now() - t0;
  });
  samples.sort((a, b) => a - b);
  expect(samples[Math.floor(samples.length / 2)]!).toBeLessThan(5);
});
