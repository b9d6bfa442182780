import type { BusinessInfo } from './hours.ts';
import { isCallbackStatus, type CallbackStatus } from './status.ts';

/** `GET {api}/widget/v1/config?key=…` */
export interface WidgetConfig {
  business: BusinessInfo;
  labels: Record<string, string>;
  lang: string;
  theme: { accent?: string };
  retriesEnabled: boolean;
  minFillMs: number;
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
}

export type SubmitResult =
  | { ok: true; id: string; token: string; status: CallbackStatus }
  | { ok: false; kind: 'validation'; errors: { path: string; message: string }[]; detail: string }
  | { ok: false; kind: 'rate-limited'; retryAfter: number }
  | { ok: false; kind: 'forbidden' | 'network' | 'other'; detail: string };

// No cookies ever: the widget runs on other people's sites and needs no session.
const init: RequestInit = { credentials: 'omit', mode: 'cors' };

/** Joins without `new URL(path, base)`, which would drop a path prefix of the API base. */
export const endpoint = (apiBase: string, path: string) => apiBase.replace(/\/+$/, '') + '/widget/v1/' + path;

export async function fetchConfig(apiBase: string, key: string, signal?: AbortSignal): Promise<WidgetConfig> {
  const res = await fetch(endpoint(apiBase, 'config?key=' + encodeURIComponent(key)), { ...init, signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error('config ' + res.status);
  const c = (await res.json()) as WidgetConfig;
  if (!c || !c.business || typeof c.business.name !== 'string') throw new Error('config shape');
  return c;
}

export async function submitCallback(apiBase: string, body: CallbackRequest): Promise<SubmitResult> {
  let res: Response;
  try {
    res = await fetch(endpoint(apiBase, 'callbacks'), {
      ...init,
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, kind: 'network', detail: '' };
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok && typeof json.id === 'string' && typeof json.token === 'string') {
    return { ok: true, id: json.id, token: json.token, status: isCallbackStatus(json.status) ? json.status : 'queued' };
  }
  const detail = typeof json.detail === 'string' ? json.detail : '';
  if (res.status === 422 || res.status === 400) {
    const errors = Array.isArray(json.errors) ? (json.errors as { path: string; message: string }[]) : [];
    return { ok: false, kind: 'validation', errors, detail };
  }
  if (res.status === 429) {
    const retryAfter = Number(res.headers.get('retry-after'));
    return { ok: false, kind: 'rate-limited', retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : 60 };
  }
  return { ok: false, kind: res.status === 403 ? 'forbidden' : 'other', detail };
}

export const eventsUrl = (apiBase: string, id: string, token: string) =>
  endpoint(apiBase, `callbacks/${encodeURIComponent(id)}/events?token=${encodeURIComponent(token)}`);
