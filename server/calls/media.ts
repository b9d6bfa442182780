import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AppContext } from '../context.ts';
import { isOpenAt } from '../businesses/hours.ts';
import type { WeeklyHours } from '../businesses/schema.ts';
import { redactText } from '../leads/redact.ts';
import { buildInstructions, buildTools } from './instructions.ts';
import { createMediaRelay, type MediaRelay } from './relay/index.ts';
import { verifyStreamToken } from './stream-token.ts';
import { runTool } from './tools.ts';
import { mediaStreamUrl, twilioSignatureValid } from './twilio-webhook.ts';
import * as twiml from './twiml.ts';

/**
 * WS /twilio/media: the signed upgrade is handed to the relay, which talks to OpenAI Realtime. This file
 * joins the relay to the database: which call a stream belongs to, transcript storage, tools, and endings.
 */
export interface MediaStreams {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Live calls on this node. */
  active(): number;
  /** Waits up to `graceMs` for live calls to end, then closes what is left. */
  close(graceMs: number): Promise<void>;
}

export function mediaStreamUpgrade(ctx: AppContext): MediaStreams {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  let relay: MediaRelay | undefined;
  const getRelay = () => (relay ??= createCallRelay(ctx));
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const token = ctx.config.TWILIO_AUTH_TOKEN;
    const refuse = (status: number, text: string) => socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (!token || !ctx.config.OPENAI_API_KEY) return refuse(503, 'Service Unavailable');
    const signature = req.headers['x-twilio-signature'];
    if (typeof signature !== 'string') return refuse(401, 'Unauthorized');
    const path = req.url ?? '/twilio/media';
    const url = mediaStreamUrl(ctx.config.PUBLIC_BASE_URL) + path.slice('/twilio/media'.length);
    if (!twilioSignatureValid(token, signature, url, {})) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => getRelay().handleTwilioSocket(ws, { logBindings: { remote: req.socket.remoteAddress } }));
  };
  return {
    upgrade,
    active: () => wss.clients.size,
    async close(graceMs) {
      const deadline = Date.now() + graceMs;
      while (wss.clients.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function createCallRelay(ctx: AppContext): MediaRelay {
  const { db, config, log } = ctx;
  const seq = new Map<string, number>(); // per live call on this node: the order its segments arrive in
  const ca = config.OPENAI_REALTIME_CA_FILE ? readFileSync(config.OPENAI_REALTIME_CA_FILE) : undefined;
  return createMediaRelay({
    logger: log,
    openai: {
      apiKey: config.OPENAI_API_KEY!,
      baseURL: config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      model: config.OPENAI_REALTIME_MODEL,
      transcriptionModel: config.OPENAI_TRANSCRIPTION_MODEL,
      ...(ca ? { wsOptions: { ca } } : {}),
    },
    async resolveSession(params) {
      const callId = params.callId ?? '';
      if (!params.token || !/^[0-9a-f-]{36}$/.test(callId) || !verifyStreamToken(config.jwtSecret, callId, params.token)) return null;
      const call = await db.call.findUnique({ where: { id: callId }, include: { business: true, callback: true } });
      if (!call || call.endedAt) return null;
      const b = call.business;
      const openNow = isOpenAt(b.weeklyHours as WeeklyHours, b.timezone);
      const tools = buildTools({ transfer_to_human: Boolean(b.forwardingNumber) });
      const instructions = buildInstructions(
        {
          name: b.name,
          industry: b.industry,
          services: b.services,
          weeklyHours: b.weeklyHours as never,
          timezone: b.timezone,
          greeting: b.greeting,
          aiInstructions: b.aiInstructions,
          knowledgeBase: b.knowledgeBase,
          captureFields: b.captureFields as { key: string; label: string }[],
          openNow,
          callbackContext: call.callback ? { reason: call.callback.reason ?? 'a callback requested on the website' } : null,
        },
        tools,
      );
      seq.set(call.id, await db.transcriptSegment.count({ where: { callId: call.id } }));
      return { callId: call.id, instructions, tools, greeting: b.greeting };
    },
    async onTranscript(callId, segment) {
      // Redacted before it is stored: a card number read out never reaches the database.
      const text = redactText(segment.text).text;
      const n = (seq.get(callId) ?? 0) + 1;
      seq.set(callId, n);
      const call = await db.call.findUnique({ where: { id: callId }, select: { businessId: true } });
      if (!call) return;
      await db.transcriptSegment.upsert({
        where: { callId_itemId: { callId, itemId: `${segment.itemId}:${segment.speaker}` } },
        create: { callId, businessId: call.businessId, seq: n, speaker: segment.speaker, text, itemId: `${segment.itemId}:${segment.speaker}`, at: segment.at },
        update: {},
      });
    },
    onToolCall: (callId, name, args) => runTool(ctx, callId, name, args),
    async onEnd(callId, reason) {
      seq.delete(callId);
      const call = await db.call.update({ where: { id: callId }, data: { endReason: reason }, include: { business: true } });
      if (reason !== 'openai_error' || !ctx.telephony) return;
      // The assistant is gone but the caller is still on the line: hand the call to a person or voicemail.
      const base = config.PUBLIC_BASE_URL;
      const b = call.business;
      const next = b.forwardingNumber
        ? twiml.forward({ to: b.forwardingNumber, actionUrl: `${base}/twilio/fallback?callId=${call.id}`, preamble: 'Sorry, let me connect you with someone.' })
        : twiml.voicemail({ businessName: b.name, recordingCallbackUrl: `${base}/twilio/recording`, actionUrl: `${base}/twilio/fallback?callId=${call.id}&after=voicemail` });
      await ctx.telephony.updateCall(call.twilioCallSid, next).catch((err) => log.warn({ err, callId }, 'could not redirect the call after a Realtime failure'));
    },
  });
}
