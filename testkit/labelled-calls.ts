import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BusinessContext, CallContext, TranscriptTurn } from '../server/leads/lead.schema.ts';
import type { ExpectedLead } from '../server/leads/extract/score.ts';

/** One labelled call, in the shared fixtures' format. */
export interface LabelledCase extends CallContext {
  id: string;
  business: BusinessContext;
  transcript: TranscriptTurn[];
  expected: ExpectedLead;
  mustNotContain?: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
/** The example calls shipped in the repository (the README's and the CLI tests' cases). */
export const EXAMPLES_PATH = join(here, '../examples/transcripts.json');
/**
 * The team's shared fixtures sit beside the repository on our own machines only (LEADLINE_SHARED_FIXTURES
 * names another place). Tests read them only to add cases, never as the only source.
 */
export const FIXTURES_PATH =
  process.env.LEADLINE_SHARED_FIXTURES ?? join(here, '../../shared/fixtures/transcripts.json');
export const hasSharedFixtures = existsSync(FIXTURES_PATH);
export const CASES_DIR = join(here, '../test/leads/cases');

export function loadExamples(): LabelledCase[] {
  return JSON.parse(readFileSync(EXAMPLES_PATH, 'utf8')) as LabelledCase[];
}

let warned = false;
/** The shared fixtures, or none (said loudly, once per test file) when they are not beside the repository. */
export function loadFixtures(): LabelledCase[] {
  if (!hasSharedFixtures) {
    if (!warned)
      console.warn(
        `SKIPPED: the shared fixtures (${FIXTURES_PATH}) are not here; their cases are left out. Set LEADLINE_SHARED_FIXTURES to include them.`,
      );
    warned = true;
    return [];
  }
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
