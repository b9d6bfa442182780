import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { taskFactories } from '../jobs/tasks.ts';
import { runDueJobs } from '../jobs/worker.ts';
import { extractLead } from '../leads/extract/index.ts';
import { processCall } from '../leads/process-call.ts';
import { redactTranscript } from '../leads/transcript-redactor.ts';
import { createLogger } from '../log.ts';
import { createOpenAI } from '../openai.ts';
import type { Command } from './command.ts';
import { withDatabase } from './database.ts';
import { appContext } from '../runtime.ts';

const turn = z.object({ speaker: z.enum(['agent', 'caller']), text: z.string() });
const fixtureCase = z.object({
  id: z.string().default('case'),
  business: z.object({
    name: z.string(),
    industry: z.string().nullish(),
    timezone: z.string(),
    services: z.array(z.string()).default([]),
    // Listed here because z.object drops unknown keys: without it custom fields never reached extraction.
    captureFields: z.array(z.object({ key: z.string().min(1), label: z.string().min(1) })).optional(),
  }),
  calledAt: z.string().default(() => new Date().toISOString()),
  from: z.string().nullable().default(null),
  to: z.string().nullable().default(null),
  transcript: z.array(turn).min(1),
});

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

export const extractCommand: Command = {
  name: 'extract',
  usage: 'extract FILE [--offline]',
  summary: 'Extract the lead from a transcript case (fixtures format); prints JSON',
  options: { help: { type: 'boolean', short: 'h' }, offline: { type: 'boolean' } },
  async run(v, [file]) {
    if (!file) throw new Error('give a FILE: one case in the fixtures format, or an array of cases');
    const input = await readJson(file);
    const cases = z.union([fixtureCase, z.array(fixtureCase)]).parse(input);
    const config = loadConfig(process.env, () => {});
    const client = v.offline ? null : createOpenAI(config);
    const openai = client ? { client, model: config.OPENAI_EXTRACTION_MODEL } : undefined;
    const results = [];
    for (const c of Array.isArray(cases) ? cases : [cases]) {
      const r = await extractLead({
        turns: c.transcript,
        business: c.business,
        call: { calledAt: c.calledAt, from: c.from, to: c.to },
        openai,
        onLlmError: (e) => console.error(`warning: LLM extraction failed (${(e as Error).message}); used offline`),
      });
      results.push({ id: c.id, method: r.method, lead: r.lead, transcript: r.transcript });
    }
    console.log(JSON.stringify(Array.isArray(cases) ? results : results[0], null, 2));
  },
};

export const simulateCallCommand: Command = {
  name: 'simulate-call',
  usage: 'simulate-call --business ID --transcript FILE [--case ID]',
  summary: 'Run the real post-call path (redaction, lead, notifications, sync) on a call built from a transcript',
  options: {
    help: { type: 'boolean', short: 'h' },
    business: { type: 'string' },
    transcript: { type: 'string' },
    case: { type: 'string' },
  },
  async run(v) {
    const businessId = z.uuid({ message: 'must be the business id' }).parse(v.business);
    if (!v.transcript) throw new Error('--transcript FILE is required');
    const raw = await readJson(String(v.transcript));
    // A case, a bare array of turns, or a fixtures file (an array of cases: --case picks one, else the first).
    const parsed = z
      .union([
        fixtureCase.partial({ business: true }),
        z.array(turn).transform((transcript) => ({
          transcript,
          from: null,
          calledAt: new Date().toISOString(),
          id: 'transcript',
        })),
        z.array(fixtureCase.partial({ business: true })).min(1),
      ])
      .parse(raw);
    const c = Array.isArray(parsed) ? (v.case ? parsed.find((x) => x.id === v.case) : parsed[0]) : parsed;
    if (!c) throw new Error(`no case "${v.case}" in ${v.transcript}`);
    return withDatabase(async (db, url) => {
      const config = loadConfig(process.env, () => {});
      const log = createLogger('warn');
      const ctx = appContext(config, db, log);
      const business = await db.business.findUnique({ where: { id: businessId }, include: { numbers: { take: 1 } } });
      if (!business) throw new Error(`no business ${businessId}`);
      const startedAt = new Date(c.calledAt ?? Date.now());
      const duration = Math.max(30, c.transcript.length * 8);
      const call = await db.call.create({
        data: {
          businessId,
          twilioCallSid: `CA${randomBytes(16).toString('hex')}`,
          direction: 'inbound',
          mode: 'ai',
          from: c.from ?? '+15005550006',
          to: business.numbers[0]?.e164 ?? null,
          status: 'completed',
          startedAt,
          answeredAt: startedAt,
          endedAt: new Date(startedAt.getTime() + duration * 1000),
          durationSeconds: duration,
          endReason: 'simulated',
          consent: {
            create: {
              businessId,
              outcome: 'granted',
              promptText: 'simulated',
              answeredAt: startedAt,
              method: 'speech',
              answer: 'yes',
            },
          },
          // Stored as the live relay leaves them: redacted by the same conversation-aware redactor.
          segments: {
            create: redactTranscript(c.transcript).turns.map((t, i) => ({
              businessId,
              seq: i + 1,
              speaker: t.speaker,
              text: t.text,
              itemId: `sim_${i}`,
            })),
          },
        },
      });
      const result = await processCall(ctx, call.id);
      // Drain the jobs the call produced (notifications, CRM sync) with the same handlers the worker runs.
      await runDueJobs(ctx, url, taskFactories);
      const [mails, sync] = await Promise.all([
        db.outboxEmail.findMany({
          where: { createdAt: { gte: call.createdAt } },
          select: { to: true, subject: true, sentAt: true },
        }),
        result.leadId
          ? db.syncRecord.findMany({
              where: { kind: 'lead', localId: result.leadId },
              include: { connection: { select: { provider: true } } },
            })
          : [],
      ]);
      console.log(
        JSON.stringify(
          {
            callId: call.id,
            method: result.method,
            redactions: result.redactions,
            lead: result.lead,
            leadId: result.leadId,
            leadCreated: result.leadCreated,
            transcript: result.transcript,
            notifications: mails.map((m) => ({
              to: m.to,
              subject: m.subject,
              delivered: m.sentAt ? 'smtp' : 'outbox',
            })),
            sync: sync.map((s) => ({
              provider: s.connection.provider,
              status: s.status,
              externalId: s.externalId,
              error: s.lastError,
            })),
          },
          null,
          2,
        ),
      );
    });
  },
};
