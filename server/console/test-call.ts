/**
 * "Make a test call" from onboarding: a call built from one of the sample transcripts shipped in
 * examples/, stored as the live relay stores calls (redacted segments, a consent record) and handed to
 * the real post-call path by queueing `call.process` in the same transaction, so the lead, the e-mail
 * and the CRM sync follow exactly as for a phone call, and the inbox shows it live.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { redactTranscript } from '../leads/transcript-redactor.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SAMPLES_PATH = path.resolve(here, '..', '..', 'examples', 'transcripts.json');

const sample = z.object({
  id: z.string(),
  from: z.string().nullable().optional(),
  transcript: z.array(z.object({ speaker: z.enum(['agent', 'caller']), text: z.string() })).min(1),
});
export type Sample = z.infer<typeof sample>;

export async function loadSamples(file = SAMPLES_PATH): Promise<Sample[]> {
  return z.array(sample.loose()).parse(JSON.parse(await readFile(file, 'utf8')));
}

/** Pure: a sample's title for the picker, from its id (`e02-plumber-water-heater-email` → "Plumber water heater email"). */
export const sampleTitle = (id: string) => {
  const words = id.replace(/^e\d+-/, '').replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export async function createTestCall(db: Db, businessId: string, s: Sample): Promise<string> {
  const business = await db.business.findUniqueOrThrow({
    where: { id: businessId },
    include: { numbers: { take: 1, orderBy: { createdAt: 'asc' } } },
  });
  const startedAt = new Date();
  const seconds = Math.max(30, s.transcript.length * 8);
  return db.$transaction(async (tx) => {
    const call = await tx.call.create({
      data: {
        businessId,
        twilioCallSid: `CA${randomBytes(16).toString('hex')}`,
        direction: 'inbound',
        mode: 'ai',
        from: s.from ?? null,
        to: business.numbers[0]?.e164 ?? null,
        status: 'completed',
        startedAt,
        answeredAt: startedAt,
        endedAt: new Date(startedAt.getTime() + seconds * 1000),
        durationSeconds: seconds,
        endReason: 'test_call',
        consent: {
          create: {
            businessId,
            outcome: 'granted',
            promptText: 'Test call from the console (simulated)',
            answeredAt: startedAt,
            method: 'speech',
            answer: 'yes',
          },
        },
        segments: {
          create: redactTranscript(s.transcript).turns.map((t, i) => ({
            businessId,
            seq: i + 1,
            speaker: t.speaker,
            text: t.text,
            itemId: `test_${i}`,
          })),
        },
      },
    });
    await enqueue(tx, 'call.process', { callId: call.id }, { jobKey: `process:${call.id}`, maxAttempts: 10 });
    return call.id;
  });
}
