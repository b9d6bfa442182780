import twilio from 'twilio';
import type { Config } from '../config.ts';

/** Twilio's recording ids, RE and 32 hex digits: the only shape stored, or put into a REST URL. */
export const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;

/**
 * The Twilio REST calls Leadline makes, through the official SDK. One seam, so every caller (webhooks,
 * jobs, widget callbacks) shares the configured base URL and credentials.
 */
export interface Telephony {
  accountSid: string;
  /** Outbound call that fetches its TwiML from `url` when answered. */
  createCall(p: {
    from: string;
    to: string;
    url: string;
    statusCallback: string;
    timeoutSeconds?: number;
    /**
     * Answering-machine detection, asynchronous (the call connects at once; Twilio posts AnsweredBy to
     * `asyncCallback`). `DetectMessageEnd` waits for the greeting's end, so a message left then is whole.
     */
    machineDetection?: { mode: 'Enable' | 'DetectMessageEnd'; asyncCallback: string };
  }): Promise<{ sid: string }>;
  /** Calls to `to` from `from` started at or after `startedAfter` (finding a dial whose answer was lost). */
  findCalls(p: { to: string; from: string; startedAfter: Date }): Promise<{ sid: string; status: string }[]>;
  /** Starts recording a live call (after consent). */
  startRecording(callSid: string, statusCallback: string): Promise<{ sid: string }>;
  /** What Twilio knows of a call now (the sweep asks when a final status callback never came). */
  fetchCall(callSid: string): Promise<{ status: string; duration: number | null }>;
  /** Stops the live call's recording (the caller withdrew consent). */
  stopRecording(callSid: string): Promise<void>;
  /** Replaces what a live call is doing (transfer, voicemail). */
  updateCall(callSid: string, twiml: string): Promise<void>;
  hangup(callSid: string): Promise<void>;
  sendSms(p: { from: string; to: string; body: string; statusCallback?: string }): Promise<{ sid: string }>;
  /** The recording's audio (audio/mpeg), fetched with our credentials; never a public URL. */
  fetchRecording(recordingSid: string, signal?: AbortSignal): Promise<Response>;
  /** The number as an IncomingPhoneNumber of the configured account, or null when that account does not own it. */
  findOwnedNumber(e164: string): Promise<{ sid: string; e164: string } | null>;
  /** Numbers Twilio offers for sale (local numbers that take voice calls). */
  searchNumbers(p: {
    country: string;
    areaCode?: number;
    contains?: string;
    limit: number;
  }): Promise<AvailableNumber[]>;
  /** Buys a number into the configured account with Leadline's webhooks already set on it. */
  buyNumber(p: {
    e164: string;
    voiceUrl: string;
    statusCallback: string;
    smsUrl: string;
  }): Promise<{ sid: string; e164: string }>;
  /**
   * Releases an IncomingPhoneNumber from the configured account (it stops ringing here and stops costing);
   * one that is already gone counts as released (idempotent).
   */
  releaseNumber(numberSid: string): Promise<void>;
  /** Every recording Twilio holds for a call (a call may have more than the one we stored). */
  listRecordings(callSid: string): Promise<string[]>;
  /** Deletes a recording at Twilio; one that is already gone counts as deleted (idempotent). */
  deleteRecording(recordingSid: string): Promise<void>;
}

export interface AvailableNumber {
  e164: string;
  friendlyName: string;
  locality: string | null;
  region: string | null;
  sms: boolean;
}

export function createTelephony(
  config: Pick<Config, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_API_BASE_URL'>,
): Telephony | null {
  const sid = config.TWILIO_ACCOUNT_SID;
  const token = config.TWILIO_AUTH_TOKEN;
  if (!sid || !token) return null;
  // Leadline makes a few REST calls per phone call (recording, transfer, callback), seconds apart: pooled
  // keep-alive sockets buy little and go stale between them (and nock cannot intercept that agent in tests).
  const client = twilio(sid, token, { autoRetry: true, maxRetries: 2, keepAlive: false });
  const base = (config.TWILIO_API_BASE_URL ?? 'https://api.twilio.com').replace(/\/$/, '');
  // The SDK builds every URL from its domain's baseUrl; pointing it elsewhere reaches proxies and test servers.
  if (config.TWILIO_API_BASE_URL) client.api.baseUrl = base;
  const calls = (callSid: string) => client.api.v2010.accounts(sid).calls(callSid);
  return {
    accountSid: sid,
    async createCall(p) {
      const c = await client.api.v2010.accounts(sid).calls.create({
        from: p.from,
        to: p.to,
        url: p.url,
        method: 'POST',
        statusCallback: p.statusCallback,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        timeout: p.timeoutSeconds ?? 30,
        ...(p.machineDetection
          ? {
              machineDetection: p.machineDetection.mode,
              asyncAmd: 'true',
              asyncAmdStatusCallback: p.machineDetection.asyncCallback,
              asyncAmdStatusCallbackMethod: 'POST',
            }
          : {}),
      });
      return { sid: c.sid };
    },
    async findCalls(p) {
      const list = await client.api.v2010
        .accounts(sid)
        .calls.list({ to: p.to, from: p.from, startTimeAfter: p.startedAfter, limit: 20 });
      return list.map((c) => ({ sid: c.sid, status: c.status }));
    },
    async startRecording(callSid, statusCallback) {
      const r = await calls(callSid).recordings.create({
        recordingStatusCallback: statusCallback,
        recordingStatusCallbackMethod: 'POST',
        recordingChannels: 'dual',
      });
      return { sid: r.sid };
    },
    async fetchCall(callSid) {
      const c = await calls(callSid).fetch();
      const duration = Number(c.duration);
      return { status: c.status, duration: Number.isFinite(duration) && c.duration !== null ? duration : null };
    },
    async stopRecording(callSid) {
      // Twilio.CURRENT names the call's recording in progress, whatever its SID.
      await calls(callSid).recordings('Twilio.CURRENT').update({ status: 'stopped' });
    },
    async updateCall(callSid, twiml) {
      await calls(callSid).update({ twiml });
    },
    async hangup(callSid) {
      await calls(callSid).update({ status: 'completed' });
    },
    async sendSms(p) {
      const m = await client.api.v2010
        .accounts(sid)
        .messages.create({ from: p.from, to: p.to, body: p.body, statusCallback: p.statusCallback });
      return { sid: m.sid };
    },
    async findOwnedNumber(e164) {
      const [n] = await client.api.v2010.accounts(sid).incomingPhoneNumbers.list({ phoneNumber: e164, limit: 1 });
      // The filter matches on the number; the equality check keeps a loose match (a prefix) from counting.
      return n && n.phoneNumber === e164 ? { sid: n.sid, e164: n.phoneNumber } : null;
    },
    async searchNumbers(p) {
      const list = await client.api.v2010
        .accounts(sid)
        .availablePhoneNumbers(p.country)
        .local.list({
          voiceEnabled: true,
          limit: p.limit,
          ...(p.areaCode !== undefined ? { areaCode: p.areaCode } : {}),
          ...(p.contains ? { contains: p.contains } : {}),
        });
      return list.map((n) => ({
        e164: n.phoneNumber,
        friendlyName: n.friendlyName,
        locality: n.locality || null,
        region: n.region || null,
        sms: Boolean(n.capabilities?.sms),
      }));
    },
    async buyNumber(p) {
      const n = await client.api.v2010.accounts(sid).incomingPhoneNumbers.create({
        phoneNumber: p.e164,
        voiceUrl: p.voiceUrl,
        voiceMethod: 'POST',
        statusCallback: p.statusCallback,
        statusCallbackMethod: 'POST',
        smsUrl: p.smsUrl,
        smsMethod: 'POST',
      });
      return { sid: n.sid, e164: n.phoneNumber };
    },
    async releaseNumber(numberSid) {
      try {
        await client.api.v2010.accounts(sid).incomingPhoneNumbers(numberSid).remove();
      } catch (e) {
        if ((e as { status?: number }).status !== 404) throw e;
      }
    },
    async listRecordings(callSid) {
      const list = await client.api.v2010.accounts(sid).recordings.list({ callSid, limit: 100 });
      return list.map((r) => r.sid);
    },
    async deleteRecording(recordingSid) {
      try {
        await client.api.v2010.accounts(sid).recordings(recordingSid).remove();
      } catch (e) {
        if ((e as { status?: number }).status !== 404) throw e;
      }
    },
    async fetchRecording(recordingSid, signal) {
      // The id becomes part of a URL sent with our credentials: nothing but the documented shape.
      if (!RECORDING_SID.test(recordingSid)) throw new Error('not a Twilio RecordingSid');
      return fetch(`${base}/2010-04-01/Accounts/${sid}/Recordings/${recordingSid}.mp3`, {
        headers: { authorization: 'Basic ' + Buffer.from(`${sid}:${token}`).toString('base64') },
        signal,
      });
    },
  };
}
