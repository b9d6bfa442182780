import type { BusinessInfo } from './hours.ts';
import type { Labels } from './labels.ts';

/** `GET {api}/widget/v1/config?key=…` */
export interface WidgetConfig {
  business: BusinessInfo;
  /** Every label, resolved on the server (its English defaults under the business's overrides). */
  labels: Labels;
  lang: string;
  theme: { accent?: string };
  retriesEnabled: boolean;
  minFillMs: number;
  /** The business confirms numbers by SMS code: POST phone-checks first, then the callback with the code. */
  requirePhoneCheck?: boolean;
}

/** `POST {api}/widget/v1/callbacks` body. */
export interface CallbackRequest {
  key: string;
  name: string;
  phone: string;
  reason?: string;
  consentCall: true;
  consentSms: boolean;
  /** Honeypot: people never see it, so it stays empty. */
  website: string;
  elapsedMs: number;
  /** The solved proof of work (proof.ts); without one the API refuses the request. */
  proof?: { challenge: string; solution: string } | undefined;
  /** The phone check's id and the code texted to the visitor (when the config says `requirePhoneCheck`). */
  phoneCheck?: { id: string; code: string };
}

/** The raw outcome of a POST; `status` 0 means the request never got an answer (offline, CORS, DNS). */
export interface SubmitResponse {
  status: number;
  body: Record<string, unknown>;
  /** Seconds, from Retry-After (429). */
  retryAfter: number;
}

// No cookies ever: the widget runs on other people's sites and needs no session.
const omit = 'omit' as const;

/** Joins without `new URL(path, base)`, which would drop a path prefix of the API base. */
export const endpoint = (apiBase: string, path: string) => apiBase.replace(/\/+$/, '') + '/widget/v1/' + path;

export async function fetchConfig(apiBase: string, key: string, signal?: AbortSignal): Promise<WidgetConfig> {
  const res = await fetch(endpoint(apiBase, 'config?key=' + encodeURIComponent(key)), { credentials: omit, signal });
  const c = (await res.json()) as WidgetConfig;
  if (!res.ok || !c?.business) throw new Error('config ' + res.status);
  return c;
}

/** POSTs a callback request, or (`path` = 'phone-checks', same key, phone and proof) asks for an SMS code. */
export async function submitCallback(
  apiBase: string,
  body: CallbackRequest,
  path = 'callbacks',
): Promise<SubmitResponse> {
  try {
    const res = await fetch(endpoint(apiBase, path), {
      credentials: omit,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return {
      status: res.status,
      body: json ?? {},
      retryAfter: Math.ceil(Number(res.headers.get('retry-after'))) || 60,
    };
  } catch {
    return { status: 0, body: {}, retryAfter: 0 };
  }
}

/**
 * The status stream's URL, with a single-use ticket for it: EventSource cannot send headers, so the token
 * goes in a POST body and only the ticket (worth one stream, for seconds) appears in the URL.
 */
export async function eventsUrl(apiBase: string, id: string, token: string): Promise<string> {
  const base = endpoint(apiBase, 'callbacks/' + encodeURIComponent(id) + '/');
  const res = await fetch(base + 'stream-ticket', {
    credentials: omit,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const { ticket } = (await res.json()) as { ticket: string };
  if (!res.ok) throw 0;
  return base + 'events?ticket=' + encodeURIComponent(ticket);
}
