import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BusinessContext, CallContext, TranscriptTurn } from '../../server/leads/lead.schema.ts';
import type { ExpectedLead } from '../../server/leads/extract/score.ts';

/** One labelled call, in the shared fixtures' format. */
export interface LabelledCase {
  id: string;
  business: BusinessContext;
  calledAt: string;
  from: string | null;
  to: string | null;
  transcript: TranscriptTurn[];
  expected: ExpectedLead;
  mustNotContain?: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
/** shared/ sits beside the repository (locally and in CI). */
export const FIXTURES_PATH = join(here, '../../../shared/fixtures/transcripts.json');
export const CASES_DIR = join(here, 'cases');

export function loadFixtures(): LabelledCase[] {
  return JSON.parse(readFileSync(FIXTURES_PATH, 'utf8')) as LabelledCase[];
}

/** Our own held-out cases: other phrasings, businesses and traps than the shared eight. */
export function loadExtraCases(): LabelledCase[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(join(CASES_DIR, f), 'utf8')) as LabelledCase[]);
}

export function callOf(c: LabelledCase): CallContext {
  return { calledAt: c.calledAt, from: c.from, to: c.to };
}
