/**
 * A small CRM connector written only against connectors/types.ts, the way a third party would: OAuth 2.0
 * code flow with PKCE against `oauthUrl`, people and notes over Acme's REST API (api-server.ts). Ledger
 * kinds: `lead:person`, `call:note`. Every request takes the manifest's `api` bucket first.
 */
import { z } from 'zod';
import type {
  Connector,
  ConnectorOAuth,
  Grant,
  SyncContext,
  SyncOutcome,
  SyncWork,
} from '../../../connectors/types.ts';
import { ConnectorError } from '../../../connectors/types.ts';
import { campaignLine } from '../../../connectors/shared/text.ts';

export const ACME_SCOPES = ['people:write', 'notes:write'] as const;

export const acmeSettingsSchema = z.object({
  /** Tag put on every person Leadline creates or updates. */
  personTag: z.string().trim().min(1).max(40).optional(),
});

export interface AcmeConnectorConfig {
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
  apiUrl: string;
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive().optional(),
  scope: z.union([z.string(), z.array(z.string())]).optional(),
});

/** Acme's status codes, classified once: 401 auth, 429 and 5xx transient, anything else permanent. */
function classify(status: number, text: string, retryAfter: string | null): ConnectorError {
  const message = `Acme ${status}: ${text.slice(0, 300)}`;
  if (status === 401 || status === 403) return new ConnectorError('auth', message, { httpStatus: status });
  if (status === 429 || status >= 500)
    return new ConnectorError('transient', message, {
      httpStatus: status,
      retryAfterMs: retryAfter ? Number(retryAfter) * 1000 : null,
    });
  return new ConnectorError('permanent', message, { httpStatus: status });
}

export function createAcmeConnector(cfg: AcmeConnectorConfig): Connector {
  async function token(form: Record<string, string>): Promise<Grant> {
    const res = await fetch(new URL('/token', cfg.oauthUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, client_id: cfg.clientId, client_secret: cfg.clientSecret }),
    }).catch((err: unknown) => {
      throw new ConnectorError('transient', `Acme OAuth unreachable: ${String(err)}`, { cause: err });
    });
    const text = await res.text();
    // An invalid grant (revoked, expired, reused code) is the user's authorization gone, not a bug.
    if (res.status === 400 && text.includes('invalid_grant'))
      throw new ConnectorError('auth', `Acme OAuth: ${text}`, { httpStatus: 400 });
    if (!res.ok) throw classify(res.status, text, res.headers.get('retry-after'));
    const t = tokenSchema.parse(JSON.parse(text));
    return {
      accessToken: t.access_token,
      refreshToken: t.refresh_token ?? null,
      expiresAt: t.expires_in ? new Date(Date.now() + t.expires_in * 1000) : null,
      scopes: typeof t.scope === 'string' ? t.scope.split(' ').filter(Boolean) : (t.scope ?? []),
    };
  }

  const oauth: ConnectorOAuth = {
    requiredScopes: [...ACME_SCOPES],
    async authorizeUrl(p) {
      const u = new URL('/authorize', cfg.oauthUrl);
      const q = {
        response_type: 'code',
        client_id: cfg.clientId,
        redirect_uri: p.redirectUri,
        state: p.state,
        scope: ACME_SCOPES.join(' '),
        code_challenge: p.codeChallenge,
        code_challenge_method: 'S256',
      };
      for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
      return u.href;
    },
    exchange: (p) =>
      token({
        grant_type: 'authorization_code',
        code: p.code,
        redirect_uri: p.redirectUri,
        code_verifier: p.codeVerifier,
      }),
    async refresh(grant) {
      if (!grant.refreshToken) throw new ConnectorError('auth', 'Acme grant has no refresh token');
      const next = await token({ grant_type: 'refresh_token', refresh_token: grant.refreshToken });
      return { ...next, refreshToken: next.refreshToken ?? grant.refreshToken };
    },
    async revoke(grant) {
      const res = await fetch(new URL('/revoke', cfg.oauthUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: grant.refreshToken ?? grant.accessToken,
          client_id: cfg.clientId,
          client_secret: cfg.clientSecret,
        }),
      });
      if (!res.ok) throw classify(res.status, await res.text(), null);
    },
  };

  /** One API request with the connection's token; a 401 refreshes the token once and tries again. */
  async function api<T>(ctx: SyncContext, method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await ctx.budget.take('api');
      const res = await fetch(new URL(path, cfg.apiUrl), {
        method,
        headers: {
          authorization: `Bearer ${await ctx.accessToken(attempt ? { forceRefresh: true } : {})}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      }).catch((err: unknown) => {
        throw new ConnectorError('transient', `Acme unreachable: ${String(err)}`, { cause: err });
      });
      const text = await res.text();
      if (res.ok) return JSON.parse(text) as T;
      if (res.status === 401 && attempt === 0) continue;
      throw classify(res.status, text, res.headers.get('retry-after'));
    }
  }

  type Person = { id: string };

  async function pushOne(ctx: SyncContext, w: SyncWork, tag: string | undefined): Promise<SyncOutcome> {
    const { lead, call } = w;
    const fields = {
      name: lead.name,
      email: lead.email,
      phone: lead.phone,
      summary: lead.summary,
      ...(tag ? { tag } : {}),
    };
    let personId = await ctx.ledger.get('lead:person', lead.id);
    if (!personId) {
      // A create whose answer was lost may have happened: look the person up before creating.
      const query = lead.email
        ? `email=${encodeURIComponent(lead.email)}`
        : lead.phone
          ? `phone=${encodeURIComponent(lead.phone)}`
          : null;
      const found = query
        ? (await api<{ results: Person[] }>(ctx, 'GET', `/v1/people?${query}`)).results[0]
        : undefined;
      personId = found?.id ?? null;
    }
    if (personId) await api<Person>(ctx, 'PATCH', `/v1/people/${personId}`, fields);
    else personId = (await api<Person>(ctx, 'POST', '/v1/people', fields)).id;
    await ctx.ledger.put('lead:person', lead.id, personId);
    let noteId: string | null = null;
    if (call) {
      noteId = await ctx.ledger.get('call:note', call.id);
      if (!noteId) {
        const body = [
          ...(call.campaign ? [campaignLine(call.campaign)] : []),
          `Call ${call.direction} (${call.durationSeconds} s)`,
          ...call.transcript.map((t) => `${t.speaker}: ${t.text}`),
        ].join('\n');
        noteId = (await api<{ id: string }>(ctx, 'POST', '/v1/notes', { personId, body, occurredAt: call.startedAt }))
          .id;
        await ctx.ledger.put('call:note', call.id, noteId);
      }
    }
    // Keys in no meaningful order: which one is the person is the manifest's to say (outcomeIds).
    return {
      key: w.key,
      status: 'synced',
      externalIds: { ...(noteId ? { note: noteId } : {}), person: personId },
      deepLink: new URL(`/people/${personId}`, cfg.apiUrl).href,
    };
  }

  return {
    provider: 'acme-crm',
    displayName: 'Acme CRM',
    oauth,
    async account(grant) {
      const res = await fetch(new URL('/v1/me', cfg.apiUrl), {
        headers: { authorization: `Bearer ${grant.accessToken}` },
      });
      const text = await res.text();
      if (!res.ok) throw classify(res.status, text, null);
      const me = JSON.parse(text) as { workspace: { id: string; name: string }; user: { email: string } };
      return { id: me.workspace.id, name: me.workspace.name, ownerEmail: me.user.email };
    },
    async push(ctx, works) {
      const settings = acmeSettingsSchema.safeParse(ctx.settings);
      const tag = settings.success ? settings.data.personTag : undefined;
      const out: SyncOutcome[] = [];
      for (const w of works) {
        try {
          out.push(await pushOne(ctx, w, tag));
        } catch (err) {
          const error =
            err instanceof ConnectorError ? err : new ConnectorError('transient', String(err), { cause: err });
          out.push({ key: w.key, status: 'failed', error });
        }
      }
      return out;
    },
    defaultFieldMapping: {},
    maxBatch: 25,
  };
}
