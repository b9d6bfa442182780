import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { extractOffline } from '../../server/leads/extract/offline/index.ts';
import { redactTranscript } from '../../server/leads/transcript-redactor.ts';
import {
  callOf,
  EXAMPLES_PATH,
  FIXTURES_PATH,
  hasSharedFixtures,
  loadExamples,
  loadExtraCases,
  loadFixtures,
  type LabelledCase,
} from '../../testkit/labelled-calls.ts';

/** `leadline extract` run as a user runs it: the real bin, a child process, JSON on stdout. */
const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/leadline.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-cli-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// No OpenAI key (so nothing can leave the machine), and dev secrets kept out of the repository's .data.
const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
  delete e.OPENAI_API_KEY;
  delete e.OPENAI_BASE_URL;
  return e;
};
const extract = (...args: string[]) => run(process.execPath, [bin, 'extract', ...args], { env: env() });
const writeCase = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const offline = (c: LabelledCase) => extractOffline(redactTranscript(c.transcript).turns, c.business, callOf(c));

describe('leadline extract', () => {
  const withFields = loadExtraCases().find((c) => c.id === 'h10-plumber-water-heater-local-number')!;

  it('passes the business capture fields through to extraction', async () => {
    expect(withFields.business.captureFields).toEqual([{ key: 'tank_age', label: 'Age of the water heater' }]);
    const { stdout } = await extract(writeCase('one.json', withFields), '--offline');
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ id: withFields.id, method: 'offline' });
    expect(out.lead.customFields).toEqual({ tank_age: 'eight years' });
    expect(out.lead).toEqual(offline(withFields));
  });

  it('a case with no capture fields gets none; custom fields are not guessed', async () => {
    const { business, ...rest } = withFields;
    const { captureFields: _dropped, ...plain } = business;
    const { stdout } = await extract(writeCase('plain.json', { ...rest, business: plain }), '--offline');
    expect(JSON.parse(stdout).lead.customFields).toEqual({});
  });

  const wholeFile = async (file: string, cases: LabelledCase[]) => {
    const { stdout, stderr } = await extract(file, '--offline');
    const out = JSON.parse(stdout) as { id: string; method: string; lead: unknown; transcript: { text: string }[] }[];
    expect(out.map((r) => r.id)).toEqual(cases.map((c) => c.id));
    for (const [i, c] of cases.entries()) {
      expect(out[i]!.method).toBe('offline');
      expect(out[i]!.lead).toEqual(offline(c));
    }
    expect(stderr).not.toMatch(/LLM extraction failed/);
  };
  it('takes a whole fixtures file (the shipped examples) and prints one result per case, as the library extracts them', () =>
    wholeFile(EXAMPLES_PATH, loadExamples()));
  it.skipIf(!hasSharedFixtures)('takes the shared fixtures file too', () => wholeFile(FIXTURES_PATH, loadFixtures()));

  it('prints the redacted transcript, never the card number the caller read out', async () => {
    const card = loadExtraCases().find((c) => c.id === 'h12-electrician-card-one-turn')!;
    const { stdout } = await extract(writeCase('card.json', card), '--offline');
    expect(stdout).not.toContain('5500 0000 0000 0004');
    expect(JSON.parse(stdout).lead).toMatchObject({ name: 'Dana Whitfield', service: 'ev charger installation' });
  });

  it('explains bad input and exits 1', async () => {
    const noFile = await extract().catch((e) => e);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/give a FILE/);
    const notJson = path.join(dir, 'broken.json');
    writeFileSync(notJson, '{ not json');
    const broken = await extract(notJson).catch((e) => e);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.json');
    const badField = { ...withFields, business: { ...withFields.business, captureFields: [{ key: 'tank_age' }] } };
    const rejected = await extract(writeCase('bad-field.json', badField), '--offline').catch((e) => e);
    expect(rejected.code).toBe(1);
  });
});
