import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import type { TestApp } from '../../testkit/app.ts';
import { makeBusiness, startWidgetApp } from '../../testkit/widget-app.ts';
import { WIDGET_LABELS } from '../../server/widget-api/labels.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startWidgetApp();
});
afterAll(() => app.close());

const config = (key: string, headers: Record<string, string> = {}) =>
  call(app.url, 'GET', `/widget/v1/config?key=${encodeURIComponent(key)}`, { headers });

describe('widget origin checks', () => {
  it('serves the config to an allowed origin with exact-origin CORS and cross-origin CORP', async () => {
    const b = await makeBusiness(app.ctx, {
      name: 'Zed Dental',
      weeklyHours: {
        mon: [['00:00', '24:00']],
        tue: [['00:00', '24:00']],
        wed: [['00:00', '24:00']],
        thu: [['00:00', '24:00']],
        fri: [['00:00', '24:00']],
        sat: [['00:00', '24:00']],
        sun: [['00:00', '24:00']],
      },
      widgetSettings: {
        labels: { launcher: 'Talk to Zed', title: 'unknown key' },
        lang: 'en-GB',
        accent: '#0a7',
        retriesEnabled: true,
      },
    });
    const r = await config(b.widgetPublicKey, { origin: b.origin });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(b.origin);
    expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    expect(r.headers.get('vary')).toMatch(/origin/i);
    expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(r.body).toEqual({
      business: {
        name: 'Zed Dental',
        phone: b.phone,
        country: 'US',
        timezone: 'America/New_York',
        open: true,
        nextChange: null,
        hoursText: expect.stringContaining('Mon–Sun'),
      },
      // Every label, resolved: the override over the English defaults; unknown keys dropped.
      labels: { ...WIDGET_LABELS, launcher: 'Talk to Zed' },
      lang: 'en-GB',
      theme: { accent: '#0a7' },
      retriesEnabled: true,
      minFillMs: 3000,
      requirePhoneCheck: false,
    });
  });

  it('defaults: closed without hours, no phone, English, no retries', async () => {
    const b = await makeBusiness(app.ctx, {}, null);
    const r = await config(b.widgetPublicKey, { origin: b.origin });
    expect(r.body).toMatchObject({
      business: { open: false, nextChange: null, phone: null, hoursText: '' },
      labels: WIDGET_LABELS,
      lang: 'en',
      theme: {},
      retriesEnabled: false,
      requirePhoneCheck: false,
    });
  });

  it('refuses another origin, a look-alike origin and a missing Origin with 403 and no CORS', async () => {
    const b = await makeBusiness(app.ctx);
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: b.origin + ':8443' },
      { origin: b.origin.replace('https', 'http') },
      { origin: 'null' },
      {},
    ];
    for (const headers of cases) {
      const r = await config(b.widgetPublicKey, headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      expect(r.body.type).toMatch(/origin-not-allowed/);
    }
  });

  it("refuses one business's origin for another business's key", async () => {
    const a = await makeBusiness(app.ctx);
    const b = await makeBusiness(app.ctx);
    expect((await config(b.widgetPublicKey, { origin: a.origin })).status).toBe(403);
    const post = await call(app.url, 'POST', '/widget/v1/callbacks', {
      headers: { origin: a.origin },
      body: { key: b.widgetPublicKey },
    });
    expect(post.status).toBe(403);
  });

  it('answers preflights for allowed origins only', async () => {
    const b = await makeBusiness(app.ctx);
    const pre = (path: string, origin?: string) =>
      fetch(app.url + path, {
        method: 'OPTIONS',
        headers: {
          ...(origin ? { origin } : {}),
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await pre('/widget/v1/callbacks', b.origin);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(b.origin);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(ok.headers.get('vary')).toMatch(/origin/i);
    const cfg = await pre(`/widget/v1/config?key=${b.widgetPublicKey}`, b.origin);
    expect(cfg.status).toBe(204);
    const bad = await pre('/widget/v1/callbacks', 'https://never-registered.example');
    expect(bad.status).toBe(403);
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
    expect((await pre('/widget/v1/callbacks')).status).toBe(403);
    // The key in the URL narrows the preflight to that business's origins.
    const other = await makeBusiness(app.ctx);
    expect((await pre(`/widget/v1/config?key=${b.widgetPublicKey}`, other.origin)).status).toBe(403);
  });

  it('rotating the key invalidates the old one at once', async () => {
    const owner = await signup(app.url, 'widget-owner');
    const origin = 'https://rotate-me.example';
    const b = await createBusinessVia(app.url, owner.accessToken, { widgetOrigins: [origin] });
    expect((await config(b.widgetPublicKey, { origin })).status).toBe(200);
    const rotated = await call(app.url, 'POST', `/api/v1/businesses/${b.id}/widget-key`, { token: owner.accessToken });
    expect(rotated.status).toBe(200);
    const old = await config(b.widgetPublicKey, { origin });
    expect(old.status).toBe(403);
    expect(old.body.type).toMatch(/widget-key/);
    expect(
      (await call(app.url, 'POST', '/widget/v1/callbacks', { headers: { origin }, body: { key: b.widgetPublicKey } }))
        .status,
    ).toBe(403);
    expect((await config(rotated.body.widgetPublicKey, { origin })).status).toBe(200);
  });

  it('treats an inactive business like an unknown key', async () => {
    const b = await makeBusiness(app.ctx, { active: false });
    expect((await config(b.widgetPublicKey, { origin: b.origin })).status).toBe(403);
  });

  it('documents the widget routes in the OpenAPI document', async () => {
    const doc = (await call(app.url, 'GET', '/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/widget/v1/config', '/widget/v1/callbacks', '/widget/v1/callbacks/{id}/events']),
    );
    expect(doc.paths['/widget/v1/callbacks'].post.security).toBeUndefined();
  });
});
