/**
 * One member's view of a call's recording, as every route that shows one does it: the call must exist, the
 * viewer must belong to its business, the recording must be playable, and the view is audited before a link
 * is signed for that viewer (recording-link.ts). The caller sends the link as it needs (JSON or a redirect).
 */
import type { Request } from 'express';
import { audit } from '../auth/audit.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/problem.ts';
import { recordingPlayable, signedRecordingUrl } from './recording-link.ts';

export async function viewRecording(ctx: AppContext, req: Request, callId: string, now = Date.now()) {
  const { db, config } = ctx;
  const call = await db.call.findUnique({ where: { id: callId }, include: { consent: true } });
  if (!call) throw notFound('Call');
  const access = await requireBusinessRole(db, req, call.businessId);
  if (!recordingPlayable(call)) throw notFound('Recording');
  await audit(db, {
    action: 'recording.viewed',
    accountId: access.accountId,
    businessId: call.businessId,
    target: call.id,
    ip: req.ip ?? null,
  });
  const ttl = config.RECORDING_LINK_TTL_SECONDS;
  const url = signedRecordingUrl(config.PUBLIC_BASE_URL, config.jwtSecret, call.id, ttl, now, access.accountId);
  return { call, url };
}
