import twilio from 'twilio';
import type { Config } from '../config.ts';

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
  }): Promise<{ sid: string }>;
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
  fetchRecording(recordingSid: string): Promise<Response>;
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
      });
      return { sid: c.sid };
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
    fetchRecording(recordingSid) {
      return fetch(`${base}/2010-04-01/Accounts/${sid}/Recordings/${recordingSid}.mp3`, {
        headers: { authorization: 'Basic ' + Buffer.from(`${sid}:${token}`).toString('base64') },
      });
    },
  };
}
