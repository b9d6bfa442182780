import type { Request, Response as ExpressResponse } from 'express';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import type { AppContext } from '../context.ts';
import { forbidden, notFound, Problem, validationProblem } from '../http/problem.ts';
import { recordingPlayable, verifyRecordingLink } from './recording-link.ts';
import { relayUpstream } from './upstream-stream.ts';

const params = z.object({ callId: z.uuid() });
const query = z.object({
  exp: z.coerce.number().int(),
  sig: z.string().min(10).max(100),
  v: z.uuid().optional(),
});

/**
 * GET /recordings/:callId?exp&sig — streams the recording from Twilio with our credentials. Only a valid,
 * unexpired signed link works, for a recording the caller agreed to (see recordingPlayable); Twilio's own
 * URL is never handed out.
 */
export function recordingProxy(ctx: AppContext) {
  return async (req: Request, res: ExpressResponse) => {
    const p = params.safeParse(req.params);
    const q = query.safeParse(req.query);
    if (!p.success) throw validationProblem(p.error);
    if (!q.success) throw validationProblem(q.error);
    const { exp, sig, v } = q.data;
    if (!verifyRecordingLink(ctx.config.jwtSecret, p.data.callId, exp, sig, Date.now(), v ?? ''))
      throw forbidden('This recording link is invalid or has expired');
    const call = await ctx.db.call.findUnique({ where: { id: p.data.callId }, include: { consent: true } });
    if (!call?.recordingSid || !recordingPlayable(call)) throw notFound('Recording');
    // Every fetch is on the record, as the member the link was minted for.
    await audit(ctx.db, {
      action: 'recording.fetched',
      accountId: v ?? null,
      businessId: call.businessId,
      target: call.id,
      ip: req.ip ?? null,
    });
    if (!ctx.telephony) throw new Problem(503, 'telephony-not-configured', 'Telephony not configured');
    // One controller for the whole fetch: Twilio's answer, each chunk after it, and the client's staying.
    const abort = new AbortController();
    const idleMs = ctx.config.RECORDING_UPSTREAM_TIMEOUT_MS;
    const waiting = setTimeout(() => abort.abort(new Error(`no answer from Twilio in ${idleMs} ms`)), idleMs);
    let upstream: Response;
    try {
      upstream = await ctx.telephony.fetchRecording(call.recordingSid, abort.signal);
    } catch (err) {
      ctx.log.warn({ err, callId: call.id }, 'recording fetch failed');
      throw new Problem(502, 'upstream', 'Recording unavailable', 'Twilio did not answer');
    } finally {
      clearTimeout(waiting);
    }
    if (!upstream.ok || !upstream.body) {
      abort.abort();
      throw new Problem(502, 'upstream', 'Recording unavailable', `Twilio answered ${upstream.status}`);
    }
    res.setHeader('content-type', upstream.headers.get('content-type') ?? 'audio/mpeg');
    res.setHeader('cache-control', 'private, no-store');
    const len = upstream.headers.get('content-length');
    if (len) res.setHeader('content-length', len);
    const relayed = await relayUpstream(upstream.body, res, abort, idleMs);
    if (!relayed.ok) ctx.log.warn({ callId: call.id, reason: relayed.reason }, 'recording stream ended early');
  };
}
