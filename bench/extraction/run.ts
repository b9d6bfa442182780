/**
 * Offline extraction benchmark: per-field accuracy on the shared fixtures and, separately, on our
 * held-out cases; and time per transcript (redaction + extraction) over many runs.
 * Run: npx tsx bench/extraction/run.ts [runs]   → prints the table and writes RESULTS.part.md beside it.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { extractOffline } from '../../server/leads/extract/offline/index.ts';
import { SCORED_FIELDS, scoreLead } from '../../server/leads/extract/score.ts';
import { redactTranscript } from '../../server/leads/transcript-redactor.ts';
import { callOf, loadExtraCases, loadFixtures, type LabelledCase } from '../../testkit/labelled-calls.ts';
import { loadUnseen } from '../../testkit/unseen-cases.ts';

const RUNS = Number(process.argv[2] ?? 2000);

/** Measured once with the extractor at 4077da6 (before #18) on the unseen calls: [dev, held-out] accuracy. */
const BEFORE: Record<string, [string, string]> = {
  isLead: ['92.7%', '92.0%'],
  name: ['51.8%', '50.0%'],
  phone: ['92.7%', '90.0%'],
  email: ['98.2%', '98.0%'],
  service: ['68.2%', '60.0%'],
  urgency: ['70.9%', '48.0%'],
  preferredTime: ['84.5%', '82.0%'],
  address: ['100.0%', '100.0%'],
};
/** Issue #18's goals for the held-out part. */
const GOALS: Record<string, string> = {
  isLead: '≥ 92%',
  name: '≥ 95%',
  phone: '≥ 97%',
  email: '≥ 97%',
  service: '≥ 92%',
  urgency: '≥ 90%',
  preferredTime: '≥ 90%',
};

function extract(c: LabelledCase) {
  const { turns } = redactTranscript(c.transcript);
  return extractOffline(turns, c.business, callOf(c));
}

function accuracy(cases: LabelledCase[]): { rows: string[]; overall: string; misses: string[]; leaks: number } {
  const per = new Map<string, { ok: number; n: number }>();
  const misses: string[] = [];
  let leaks = 0;
  for (const c of cases) {
    const lead = extract(c);
    const stored = JSON.stringify({ lead, transcript: redactTranscript(c.transcript).turns }).toLowerCase();
    leaks += (c.mustNotContain ?? []).filter((s) => stored.includes(s.toLowerCase())).length;
    for (const f of scoreLead(c.expected, lead).fields) {
      const p = per.get(f.field) ?? { ok: 0, n: 0 };
      p.n++;
      if (f.ok) p.ok++;
      else misses.push(`${c.id}.${f.field}: got ${JSON.stringify(f.actual)}, want ${JSON.stringify(f.expected)}`);
      per.set(f.field, p);
    }
  }
  let ok = 0;
  let n = 0;
  const rows = SCORED_FIELDS.filter((f) => per.has(f)).map((f) => {
    const p = per.get(f)!;
    ok += p.ok;
    n += p.n;
    return `| ${f} | ${p.ok}/${p.n} | ${((100 * p.ok) / p.n).toFixed(1)}% |`;
  });
  return { rows, overall: `| **all fields** | ${ok}/${n} | ${((100 * ok) / n).toFixed(1)}% |`, misses, leaks };
}

interface Timing {
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

function summary(samples: number[]): Timing {
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return {
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    p50: at(0.5),
    p99: at(0.99),
    max: samples[samples.length - 1]!,
  };
}

/**
 * Wall time per call, and CPU time per call (process.cpuUsage: this process's own user + system time), which
 * other work on a shared machine does not inflate the way it inflates wall-clock tails.
 */
function timing(cases: LabelledCase[]): { wall: Timing; cpu: Timing; load: number[] } {
  for (let i = 0; i < 200; i++) extract(cases[i % cases.length]!); // warm-up (JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  const load0 = loadavg();
  for (let i = 0; i < RUNS; i++) {
    const c = cases[i % cases.length]!;
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    extract(c);
    wall.push(performance.now() - t0);
    const u = process.cpuUsage(u0);
    cpu.push((u.user + u.system) / 1000);
  }
  const load1 = loadavg();
  return { wall: summary(wall), cpu: summary(cpu), load: [load0[0]!, load1[0]!] };
}

const fixtures = loadFixtures();
const extra = loadExtraCases();
const fx = accuracy(fixtures);
const ho = accuracy(extra);
const devCases = loadUnseen('dev');
const heldCases = loadUnseen('held-out');
const dev = accuracy(devCases);
const held = accuracy(heldCases);
const all = [...fixtures, ...extra, ...devCases, ...heldCases];
const t = timing(all);
let cpuModel = cpus()[0]?.model ?? 'unknown';
let nproc = String(cpus().length);
try {
  nproc = execSync('nproc').toString().trim();
} catch {
  /* nproc missing: keep os.cpus() */
}
cpuModel = cpuModel.trim();
const ms = (x: number) => x.toFixed(3);

const table = [
  '## Lead extraction (offline) — benchmark',
  '',
  `Machine: nproc ${nproc}, ${cpuModel}, Node ${process.version}. Command: \`npx tsx bench/extraction/run.ts ${RUNS}\`.`,
  '',
  `### Per-field accuracy, shared fixtures (${fixtures.length} calls)`,
  '',
  '| field | correct | accuracy |',
  '| --- | --- | --- |',
  ...fx.rows,
  fx.overall,
  '',
  `### Per-field accuracy, held-out cases (${extra.length} calls, test/leads/cases)`,
  '',
  '| field | correct | accuracy |',
  '| --- | --- | --- |',
  ...ho.rows,
  ho.overall,
  '',
  'Misses: ' +
    ([...fx.misses, ...ho.misses].length
      ? '\n' + [...fx.misses, ...ho.misses].map((m) => `- ${m}`).join('\n')
      : 'none.'),
  '',
  `### Per-field accuracy, unseen calls: development part (${devCases.length} calls, test/leads/cases/unseen/dev.json)`,
  '',
  '| field | correct | accuracy |',
  '| --- | --- | --- |',
  ...dev.rows,
  dev.overall,
  '',
  `### Per-field accuracy, unseen calls: held-out part (${heldCases.length} calls, test/leads/cases/unseen/held-out.json)`,
  '',
  '| field | correct | accuracy |',
  '| --- | --- | --- |',
  ...held.rows,
  held.overall,
  '',
  `Card/SSN strings found in a lead or stored transcript (mustNotContain): dev ${dev.leaks}, held-out ${held.leaks}.`,
  'Per-case misses are listed for the development part only: the held-out part is scored, never inspected.',
  '',
  'Development-part misses: ' + (dev.misses.length ? '\n' + dev.misses.map((m) => `- ${m}`).join('\n') : 'none.'),
  '',
  `### Time per transcript (redaction + offline extraction, ${RUNS} runs over all ${all.length} calls, after warm-up)`,
  '',
  `1-minute load average ${t.load[0]!.toFixed(1)} at the start and ${t.load[1]!.toFixed(1)} at the end on ${nproc} cores${t.load[0]! > 1 || t.load[1]! > 1 ? ': measured while other work ran, so wall-clock tails include waiting for a core' : ''}.`,
  '',
  '| clock | mean | p50 | p99 | max |',
  '| --- | --- | --- | --- | --- |',
  `| wall | ${ms(t.wall.mean)} ms | ${ms(t.wall.p50)} ms | ${ms(t.wall.p99)} ms | ${ms(t.wall.max)} ms |`,
  `| CPU (this process) | ${ms(t.cpu.mean)} ms | ${ms(t.cpu.p50)} ms | ${ms(t.cpu.p99)} ms | ${ms(t.cpu.max)} ms |`,
  '',
  '### Before and after issue #18 (unseen calls; per field, dev / held-out)',
  '',
  'Before: the extractor as it was when the held-out part was committed (4077da6), run on the first 110 dev calls',
  `(dv01–dv110) and the 50 held-out calls. After: this run, on all ${devCases.length} dev calls (dv111 onward were written`,
  'for the urgency rounds, see cases/unseen/README.md) and the same 50 held-out calls. Dev misses were used to',
  'change rules; held-out misses were never looked at. Dev service is lower than before the second urgency round',
  '(96.2% on 264 calls) only because its calls (dv265–dv438) are labelled for every field: on dv01–dv264 it is',
  'still 254/264.',
  '',
  '| field | dev before | dev after | held-out before | held-out after | held-out goal |',
  '| --- | --- | --- | --- | --- | --- |',
  ...SCORED_FIELDS.map((f) => {
    const pct = (r: string[] | undefined) =>
      r
        ?.find((row) => row.startsWith(`| ${f} |`))
        ?.split('|')[3]
        ?.trim() ?? '–';
    const [db, hb] = BEFORE[f] ?? ['–', '–'];
    return `| ${f} | ${db} | ${pct(dev.rows)} | ${hb} | ${pct(held.rows)} | ${GOALS[f] ?? '–'} |`;
  }),
  '',
  'Before #18, time per transcript over the then 205 calls was mean 2.416 ms, p50 0.542 ms, p99 24.954 ms (wall),',
  'measured at a load average of ~9 on these 2 cores; compare medians and CPU time, wall tails here are mostly scheduling.',
  'Urgency round (2026-12-06), the same 363 calls (these and examples/) back to back at a load average of ~17, CPU',
  'time per call: before it (fa9987d) p50 0.68–0.75 ms, p99 4.0–4.3 ms; after it p50 0.52–0.54 ms, p99 3.4–3.6 ms',
  '(profiled with node --cpu-prof: service scoring per business list, text stems and date patterns now built once;',
  'every lead byte-identical). Before it, on a quiet machine (load 0.3), wall p99 was 2.8 ms over 197 calls.',
  'Second urgency round (2026-12-06, dv265–dv438, the evidence scale in urgency.ts): at a load average of 14–17 the',
  'extractor from before the round (5ef0fa6) and after it, on the same calls, measured CPU p99 5.4 ms and 5.3–6.2 ms;',
  'at 19–21, alternating three runs each, 5.5–7.7 ms and 6.2–7.9 ms; at 14.5, two each, 6.1–6.7 ms and 6.6–6.8 ms',
  '(means 0.93–1.29 ms before, 1.12–1.37 ms after). At that load the tail is the machine; the round itself costs',
  'about 0.1 ms per call (urgency 0.26 ms against 0.14 ms in the same loaded profile). < 5 ms is not shown here.',
  '',
  'Scoring follows shared/fixtures/README.md (server/leads/extract/score.ts). The held-out cases were written',
  'after the extractor as other phrasings; h01–h12 first scored 95/96 (h07 service: "replacing" did not reach',
  '"replacement"), fixed by a general inflection rule. h13–h37 (sales-and-email.json: vendor pitches, customers',
  'using sales words, spoken e-mails) were written before the vendor and e-mail rework and first scored 132/200;',
  'the misses left are listed above. Both sets are small: treat the accuracy as a smoke signal.',
  '',
].join('\n');

console.log(table);
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.part.md'), table);
