/** Onboarding's own API: the sample calls a new business can simulate, and the simulation. */
import type { Router } from 'express';
import { z } from 'zod';
import { requireBusinessRole } from '../businesses/access.ts';
import { businessFields } from '../businesses/schema.ts';
import { consentPrompt } from '../calls/consent.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { notFound } from '../http/problem.ts';
import { limit } from '../http/rate-limit.ts';
import { createTestCall, loadSamples, type Sample, sampleTitle } from './test-call.ts';
import { consoleApiRouter } from './api-router.ts';

/** Test calls a business may make per hour: enough to try things, not a way to fill the database. */
export const TEST_CALLS_PER_HOUR = 30;

export function onboardingRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const { router: r, route } = consoleApiRouter(ctx, registry);
  const { db } = ctx;
  let samples: Promise<Sample[]> | undefined;
  const allSamples = () => (samples ??= loadSamples());

  route(
    {
      method: 'get',
      path: '/test-calls/samples',
      summary: 'Sample calls for a test call',
      response: z.object({
        items: z.array(z.object({ id: z.string(), title: z.string(), firstCallerLine: z.string() })),
        next: z.null(),
      }),
    },
    async () => ({
      items: (await allSamples()).map((s) => ({
        id: s.id,
        title: sampleTitle(s.id),
        firstCallerLine: s.transcript.find((t) => t.speaker === 'caller')?.text ?? '',
      })),
      // The shipped examples: always one page.
      next: null,
    }),
  );

  route(
    {
      method: 'post',
      path: '/businesses/:id/test-calls',
      summary: 'Simulate a call from a sample transcript; its lead appears in the inbox',
      response: z.object({ callId: z.string() }),
      status: 202,
      params: z.object({ id: z.uuid() }),
      body: z.object({ sample: z.string().max(100) }).strict(),
    },
    async ({ params, body, req }) => {
      await requireBusinessRole(db, req, params.id, 'admin');
      const s = (await allSamples()).find((x) => x.id === body.sample);
      if (!s) throw notFound('Sample');
      await limit(db, `test-call:${params.id}`, TEST_CALLS_PER_HOUR, 3600);
      return { callId: await createTestCall(db, params.id, s) };
    },
  );
  route(
    {
      method: 'post',
      path: '/businesses/:id/consent-preview',
      summary: 'The exact consent words a caller hears, for saved or about-to-be-saved settings',
      params: z.object({ id: z.uuid() }),
      // Unsaved form values win over the stored ones, so the owner hears a change before saving it.
      body: businessFields
        .pick({ name: true, consentPrompt: true, recordingEnabled: true, transcriptionEnabled: true })
        .partial()
        .strict(),
      response: z.object({ inbound: z.string(), callback: z.string() }),
    },
    async ({ params, body, req }) => {
      await requireBusinessRole(db, req, params.id, 'member');
      const b = await db.business.findUnique({
        where: { id: params.id },
        select: { name: true, consentPrompt: true, recordingEnabled: true, transcriptionEnabled: true },
      });
      if (!b) throw notFound('Business');
      const words = { ...b, ...body };
      // The same function the voice webhook speaks from: the preview cannot drift from the call.
      return { inbound: consentPrompt(words), callback: consentPrompt(words, { callback: true }) };
    },
  );
  return r;
}
