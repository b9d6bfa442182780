/**
 * A local Twilio REST stand-in: a real HTTP server speaking the 2010-04-01 API the twilio SDK uses for
 * recordings (list by CallSid, fetch the audio, delete), messages (create), phone numbers (search what is
 * for sale, buy into the account, list by PhoneNumber, release = DELETE) and calls (create with the
 * machine-detection parameters, list by To/From/StartTime, update with TwiML or a hang-up), with Basic auth and
 * Twilio's error bodies. Point TWILIO_API_BASE_URL at `url`; a child process (the CLI) can reach it too, unlike nock.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TwilioRestStandin {
  url: string;
  /** Stores a recording of `callSid`; returns its sid. */
  addRecording(callSid: string): string;
  recordings(): { sid: string; callSid: string }[];
  deleted(): string[];
  messages(): { from: string; to: string; body: string }[];
  /** Puts a number into the account (as bought); returns its IncomingPhoneNumber sid (PN…). */
  addNumber(e164: string): string;
  /** Numbers the account holds now. */
  numbers(): { sid: string; e164: string }[];
  /** Sids of the numbers released (DELETE answered 204), in order. */
  releasedNumbers(): string[];
  /** Every call created, in order, with the form fields it was created with. */
  calls(): CreatedCall[];
  /** Updates made to live calls (TwiML or status), in order. */
  callUpdates(): { sid: string; twiml: string | null; status: string | null }[];
  /**
   * Runs before a create is answered, after the call exists (a test can kill the dialling process there);
   * a returned error is Twilio's answer instead (the call then does not exist).
   */
  onCreateCall?:
    | ((c: CreatedCall) => void | Promise<void> | { status: number; code: number; message: string })
    | undefined;
  /** Numbers the account owns (bought through it, or given with `own`), with the webhooks set on them. */
  owned(): { sid: string; e164: string; voiceUrl: string | null }[];
  /** The account owns `e164` already (a number the business brought to Leadline's account). */
  own(e164: string): void;
  /** Called before each DELETE of a recording is answered (the kill test waits on it). */
  onDelete?: ((sid: string) => void | Promise<void>) | undefined;
  stop(): Promise<void>;
}

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

export interface CreatedCall {
  sid: string;
  to: string;
  from: string;
  /** Url, StatusCallback, MachineDetection, AsyncAmd, AsyncAmdStatusCallback, … as Twilio received them. */
  params: Record<string, string>;
  createdAt: Date;
}

export async function startTwilioRestStandin(opts: {
  accountSid: string;
  authToken: string;
  deleteLatencyMs?: number;
}) {
  const recs = new Map<string, { sid: string; callSid: string }>();
  const deleted: string[] = [];
  const messages: { from: string; to: string; body: string }[] = [];
  const releasedNumbers: string[] = [];
  const created: CreatedCall[] = [];
  const updates: { sid: string; twiml: string | null; status: string | null }[] = [];
  const owned = new Map<string, { sid: string; e164: string; voiceUrl: string | null }>();
  // For sale: 555-01xx numbers (fictional) in the asked area code; "contains" filters on the digits.
  const forSale = (areaCode: string, contains: string) =>
    Array.from({ length: 20 }, (_, i) => `+1${areaCode}55501${String(i).padStart(2, '0')}`)
      .filter((n) => !owned.has(n) && n.replace(/\D/g, '').includes(contains.replace(/\D/g, '')))
      .map((n) => ({
        phone_number: n,
        friendly_name: `(${areaCode}) ${n.slice(5, 8)}-${n.slice(8)}`,
        locality: 'Austin',
        region: 'TX',
        iso_country: 'US',
        capabilities: { voice: true, SMS: true, MMS: false },
      }));
  const numberJson = (n: { sid: string; e164: string; voiceUrl: string | null }) => ({
    sid: n.sid,
    account_sid: opts.accountSid,
    phone_number: n.e164,
    voice_url: n.voiceUrl,
  });
  const base = `/2010-04-01/Accounts/${opts.accountSid}`;
  const expectedAuth = 'Basic ' + Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64');

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, path: string) =>
    json(res, 404, {
      code: 20404,
      message: `The requested resource ${path} was not found`,
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    });
  const recordingJson = (r: { sid: string; callSid: string }) => ({
    sid: r.sid,
    account_sid: opts.accountSid,
    call_sid: r.callSid,
    status: 'completed',
    duration: '17',
    channels: 2,
    source: 'StartCallRecordingAPI',
    uri: `${base}/Recordings/${r.sid}.json`,
  });

  /** Twilio's list envelope, everything on the first page (the stand-in never holds more than a page). */
  const onePage = (resource: string, key: string, list: unknown[]) => {
    const uri = `${base}/${resource}.json?PageSize=50&Page=0`;
    return {
      [key]: list,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
      page: 0,
      page_size: 50,
      start: 0,
      end: Math.max(0, list.length - 1),
      uri,
    };
  };

  const formOf = (chunks: Buffer[]) => new URLSearchParams(Buffer.concat(chunks).toString('utf8'));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://standin');
    if (req.headers.authorization !== expectedAuth)
      return json(res, 401, { code: 20003, message: 'Authenticate', more_info: '', status: 401 });
    const path = url.pathname;
    if (req.method === 'GET' && path === `${base}/Recordings.json`) {
      const callSid = url.searchParams.get('CallSid');
      const list = [...recs.values()].filter((r) => !callSid || r.callSid === callSid).map(recordingJson);
      return json(res, 200, onePage('Recordings', 'recordings', list));
    }
    if (req.method === 'GET' && path === `${base}/IncomingPhoneNumbers.json`) {
      const e164 = url.searchParams.get('PhoneNumber');
      const list = [...owned.values()]
        .filter((n) => !e164 || n.e164 === e164)
        .map((n) => ({
          ...numberJson(n),
          friendly_name: n.e164,
          capabilities: { voice: true, sms: true, mms: false, fax: false },
          uri: `${base}/IncomingPhoneNumbers/${n.sid}.json`,
        }));
      return json(res, 200, onePage('IncomingPhoneNumbers', 'incoming_phone_numbers', list));
    }
    const pn = path.match(new RegExp(`^${base}/IncomingPhoneNumbers/(PN[0-9a-f]{32})\\.json$`));
    if (pn && req.method === 'DELETE') {
      const held = [...owned.values()].find((n) => n.sid === pn[1]);
      if (!held) return notFound(res, path);
      owned.delete(held.e164);
      releasedNumbers.push(pn[1]!);
      res.writeHead(204);
      return res.end();
    }
    const one = path.match(new RegExp(`^${base}/Recordings/(RE[0-9a-f]{32})\\.(json|mp3)$`));
    if (one && req.method === 'DELETE' && one[2] === 'json') {
      await api.onDelete?.(one[1]!);
      if (opts.deleteLatencyMs) await new Promise((r) => setTimeout(r, opts.deleteLatencyMs));
      if (!recs.delete(one[1]!)) return notFound(res, path);
      deleted.push(one[1]!);
      res.writeHead(204);
      return res.end();
    }
    if (one && req.method === 'GET' && one[2] === 'mp3') {
      if (!recs.has(one[1]!)) return notFound(res, path);
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': '4' });
      return res.end(Buffer.from([0xff, 0xfb, 0x90, 0x00]));
    }
    const available = path.match(new RegExp(`^${base}/AvailablePhoneNumbers/([A-Z]{2})/Local\\.json$`));
    if (available && req.method === 'GET') {
      const list =
        available[1] === 'US'
          ? forSale(url.searchParams.get('AreaCode') ?? '512', url.searchParams.get('Contains') ?? '')
          : [];
      const size = Number(url.searchParams.get('PageSize') ?? 50);
      return json(res, 200, { available_phone_numbers: list.slice(0, size), next_page_uri: null, uri: path });
    }
    if (path === `${base}/IncomingPhoneNumbers.json`) {
      if (req.method === 'POST') {
        const form = formOf(chunks);
        const e164 = form.get('PhoneNumber') ?? '';
        if (owned.has(e164) || !/^\+1\d{10}$/.test(e164))
          return json(res, 400, { code: 21422, message: 'PhoneNumber is not available', more_info: '', status: 400 });
        const n = { sid: sid('PN'), e164, voiceUrl: form.get('VoiceUrl') };
        owned.set(e164, n);
        return json(res, 201, numberJson(n));
      }
    }
    if (req.method === 'POST' && path === `${base}/Messages.json`) {
      const form = formOf(chunks);
      const m = { from: form.get('From') ?? '', to: form.get('To') ?? '', body: form.get('Body') ?? '' };
      messages.push(m);
      return json(res, 201, { sid: sid('SM'), account_sid: opts.accountSid, status: 'queued', ...m });
    }
    if (req.method === 'POST' && path === `${base}/Calls.json`) {
      const form = formOf(chunks);
      const c: CreatedCall = {
        sid: sid('CA'),
        to: form.get('To') ?? '',
        from: form.get('From') ?? '',
        params: Object.fromEntries(form.entries()),
        createdAt: new Date(),
      };
      created.push(c);
      const refused = await api.onCreateCall?.(c);
      if (refused) {
        created.splice(created.indexOf(c), 1);
        return json(res, refused.status, { ...refused, more_info: '' });
      }
      return json(res, 201, callJson(c, 'queued'));
    }
    if (req.method === 'GET' && path === `${base}/Calls.json`) {
      const to = url.searchParams.get('To');
      const from = url.searchParams.get('From');
      // The SDK sends startTimeAfter as StartTime> (a date or a date-time).
      const after = url.searchParams.get('StartTime>');
      const list = created.filter(
        (c) =>
          (!to || c.to === to) &&
          (!from || c.from === from) &&
          (!after || c.createdAt.getTime() >= Date.parse(after.length === 10 ? `${after}T00:00:00Z` : after)),
      );
      const calls = list.map((c) => callJson(c, 'completed'));
      return json(res, 200, onePage('Calls', 'calls', calls));
    }
    const callPath = path.match(new RegExp(`^${base}/Calls/(CA[0-9a-f]{32})\\.json$`));
    if (callPath && req.method === 'POST') {
      const c = created.find((x) => x.sid === callPath[1]);
      if (!c) return notFound(res, path);
      const form = formOf(chunks);
      updates.push({ sid: c.sid, twiml: form.get('Twiml'), status: form.get('Status') });
      return json(res, 200, callJson(c, form.get('Status') ?? 'in-progress'));
    }
    return notFound(res, path);
  }
  const callJson = (c: CreatedCall, status: string) => ({
    sid: c.sid,
    account_sid: opts.accountSid,
    to: c.to,
    from: c.from,
    status,
    start_time: c.createdAt.toUTCString(),
    duration: null,
    uri: `${base}/Calls/${c.sid}.json`,
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => json(res, 500, { code: 20500, message: String(e), status: 500 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const api: TwilioRestStandin = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    addRecording(callSid) {
      const r = { sid: sid('RE'), callSid };
      recs.set(r.sid, r);
      return r.sid;
    },
    recordings: () => [...recs.values()],
    deleted: () => [...deleted],
    messages: () => [...messages],
    addNumber(e164) {
      const n = { sid: sid('PN'), e164, voiceUrl: null };
      owned.set(e164, n);
      return n.sid;
    },
    numbers: () => [...owned.values()].map(({ sid, e164 }) => ({ sid, e164 })),
    releasedNumbers: () => [...releasedNumbers],
    calls: () => [...created],
    callUpdates: () => [...updates],
    owned: () => [...owned.values()],
    own(e164) {
      owned.set(e164, { sid: sid('PN'), e164, voiceUrl: null });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return api;
}
