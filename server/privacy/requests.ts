/**
 * Data-subject requests: created by the API or the CLI, run by the `privacy.run` job. The person's phone
 * and e-mail are sealed in the row while the work needs them and dropped when it ends; what stays is
 * their keyed hashes (to find this person's stored exports if they later ask to be erased).
 */
import { audit } from '../auth/audit.ts';
import type { AppContext } from '../context.ts';
import { decryptSecret, encryptSecret, secretSlot } from '../crypto/secrets.ts';
import { normalizeEmail, normalizePhone, subjectHash, type Subject } from '../crypto/subject-hash.ts';
import type { Db } from '../db/client.ts';
import { conflict, Problem } from '../http/problem.ts';
import { enqueue } from '../jobs/enqueue.ts';
import {
  eraseAtTwilio,
  eraseFromDatabase,
  eraseInCrm,
  type ErasureScope,
  type StepState,
  type Systems,
} from './erase.ts';
import { buildExport, EXPORT_TTL_MS } from './export.ts';

export type RequestType = 'export' | 'erase';
const unprocessable = (path: string, message: string) =>
  new Problem(422, 'validation', 'Invalid request', `${path}: ${message}`, { errors: [{ path, message }] });
const slot = (id: string) => secretSlot('PrivacyRequest', id, 'subject');

/** How long the job waits before trying a pending step again: 2^attempt seconds, at most 10 minutes. */
export const retryDelayMs = (attempt: number, baseMs: number) => Math.min(600_000, baseMs * 2 ** attempt);

export async function createPrivacyRequest(
  ctx: AppContext,
  p: {
    businessId: string;
    type: RequestType;
    phone?: string | null;
    email?: string | null;
    requestedBy: string | null;
    ip?: string | null;
  },
): Promise<{ id: string }> {
  const b = await ctx.db.business.findUniqueOrThrow({
    where: { id: p.businessId },
    select: { country: true, legalHold: true },
  });
  if (p.type === 'erase' && b.legalHold) throw conflict('This business is under a legal hold: nothing can be erased');
  const phone = p.phone ? normalizePhone(p.phone, b.country) : null;
  if (p.phone && !phone) throw unprocessable('phone', 'is not a phone number');
  const email = p.email ? normalizeEmail(p.email) : null;
  if (!phone && !email) throw unprocessable('phone', 'give a phone number or an e-mail address');
  const subject: Subject = { phone, email };
  const secret = ctx.config.jwtSecret;
  return ctx.db.$transaction(async (tx) => {
    const id = crypto.randomUUID();
    await tx.privacyRequest.create({
      data: {
        id,
        businessId: p.businessId,
        type: p.type,
        requestedBy: p.requestedBy,
        subjectEnc: encryptSecret(ctx.config, JSON.stringify(subject), slot(id)),
        phoneHash: phone ? subjectHash(secret, 'phone', phone) : null,
        emailHash: email ? subjectHash(secret, 'email', email) : null,
        systems: {},
      },
    });
    // Audited by id only: the audit log must not name the person either.
    await audit(tx, {
      action: `privacy.${p.type}_requested`,
      accountId: p.requestedBy,
      businessId: p.businessId,
      target: id,
      ip: p.ip ?? null,
    });
    await enqueue(tx, 'privacy.run', { requestId: id }, { jobKey: `privacy:${id}` });
    return { id };
  });
}

/** The job: runs what is left of the request; schedules itself again while a step is pending. */
export async function runPrivacyRequest(ctx: AppContext, requestId: string, attempt = 0): Promise<void> {
  const r = await ctx.db.privacyRequest.findUnique({ where: { id: requestId } });
  if (!r || r.status === 'done' || r.status === 'failed' || !r.subjectEnc) return;
  const subject = JSON.parse(decryptSecret(ctx.config, r.subjectEnc, slot(r.id))) as Subject & {
    phones?: string[];
    emails?: string[];
  };
  await ctx.db.privacyRequest.update({ where: { id: r.id }, data: { status: 'running' } });
  const systems = { ...((r.systems ?? {}) as Systems) };
  const save = (data: object = {}) =>
    ctx.db.privacyRequest.update({ where: { id: r.id }, data: { systems: systems as object, ...data } });
  try {
    if (r.type === 'export') {
      const doc = await buildExport(ctx.db, r.businessId, subject);
      systems.database = { state: 'done', detail: `${doc.calls.length} calls, ${doc.leads.length} leads` };
      return await finish(ctx.db, r.id, systems, {
        exportJson: doc as object,
        exportExpiresAt: new Date(Date.now() + EXPORT_TTL_MS),
      });
    }
    // The person's phones and e-mails (the request's, and what their leads said) stay sealed, never in `scope`.
    let scope = { ...(r.scope as object), phones: subject.phones ?? [], emails: subject.emails ?? [] } as ErasureScope;
    if (systems.database?.state !== 'done') {
      scope = await eraseFromDatabase(ctx, r, subject);
      const { phones, emails, ...ids } = scope;
      const sealed = { ...subject, phones, emails };
      systems.database = {
        state: 'done',
        detail: `${scope.callIds.length} calls, ${scope.leadIds.length} leads, ${scope.callbackIds.length} callback requests${scope.heldCalls ? `; ${scope.heldCalls} call(s) kept under legal hold` : ''}`,
      };
      const conns = await ctx.db.connection.findMany({
        where: { businessId: r.businessId },
        select: { provider: true },
      });
      systems.twilio = { state: 'pending' };
      for (const c of conns) systems[c.provider] = { state: 'pending' };
      await save({ scope: ids as object, subjectEnc: encryptSecret(ctx.config, JSON.stringify(sealed), slot(r.id)) });
    }
    if (systems.twilio?.state === 'pending') {
      systems.twilio = await eraseAtTwilio(ctx, scope).catch(
        (e): StepState => ({ state: 'pending', detail: `will retry: ${String(e).slice(0, 200)}` }),
      );
      await save();
    }
    const conns = await ctx.db.connection.findMany({ where: { businessId: r.businessId } });
    for (const c of conns) {
      if (systems[c.provider]?.state !== 'pending') continue;
      systems[c.provider] = await eraseInCrm(ctx, c.id, scope);
      await save();
    }
    const pending = Object.values(systems).some((s) => s.state === 'pending');
    if (pending && attempt < ctx.config.PRIVACY_MAX_ATTEMPTS) {
      const runAt = new Date(Date.now() + retryDelayMs(attempt, ctx.config.PRIVACY_RETRY_BASE_MS));
      await ctx.db.$transaction((tx) =>
        enqueue(tx, 'privacy.run', { requestId: r.id, attempt: attempt + 1 }, { jobKey: `privacy:${r.id}`, runAt }),
      );
      return;
    }
    // What is left pending after the last attempt has failed; ids in the scope are not personal data.
    for (const [k, s] of Object.entries(systems)) if (s.state === 'pending') systems[k] = { ...s, state: 'failed' };
    await finish(ctx.db, r.id, systems, {});
  } catch (e) {
    await save({ error: String(e).slice(0, 500) });
    throw e;
  }
}

async function finish(db: Db, id: string, systems: Systems, data: object) {
  const failed = Object.values(systems).some((s) => s.state === 'failed');
  await db.privacyRequest.update({
    where: { id },
    data: {
      ...data,
      systems: systems as object,
      status: failed ? 'failed' : 'done',
      subjectEnc: null,
      finishedAt: new Date(),
    },
  });
}
