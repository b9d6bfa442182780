import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabelledCase } from './labelled-calls.ts';

/** The issue-18 set of unseen calls (cases/unseen/README.md): a development part and a held-out part. */
const DIR = join(dirname(fileURLToPath(import.meta.url)), '../test/leads/cases/unseen');

export function loadUnseen(part: 'dev' | 'held-out'): LabelledCase[] {
  return JSON.parse(readFileSync(join(DIR, `${part}.json`), 'utf8')) as LabelledCase[];
}
