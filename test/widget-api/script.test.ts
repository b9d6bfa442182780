import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { startWidgetApp } from './support.ts';

let app: TestApp;
let loads = 0;
const code = Buffer.from('/* widget */ console.log("leadline");'.repeat(50));
beforeAll(async () => {
  app = await startWidgetApp({
    widget: {
      loadBundle: async () => {
        loads++;
        const { gzipSync } = await import('node:zlib');
        return { hash: '0123456789abcdef', file: 'widget.0123456789abcdef.js', code, gzip: gzipSync(code), etag: '"0123456789abcdef"', integrity: 'sha384-x' };
      },
    },
  });
});
afterAll(() => app.close());

describe('GET /widget.js', () => {
  it('serves the bundle to any site with a short cache, an ETag and cross-origin CORP', async () => {
    const r = await fetch(`${app.url}/widget.js`, { headers: { origin: 'https://anywhere.example', 'accept-encoding': 'identity' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
    expect(r.headers.get('etag')).toBe('"0123456789abcdef"');
    expect(r.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(Buffer.from(await r.arrayBuffer()).equals(code)).toBe(true);
  });

  it('answers If-None-Match with 304', async () => {
    const r = await fetch(`${app.url}/widget.js`, { headers: { 'if-none-match': '"0123456789abcdef"' } });
    expect(r.status).toBe(304);
    expect((await fetch(`${app.url}/widget.js`, { headers: { 'if-none-match': '"old"' } })).status).toBe(200);
  });

  it('serves gzip when asked', async () => {
    const { request } = await import('node:http');
    const body = await new Promise<{ enc?: string; buf: Buffer }>((resolve) => {
      request(`${app.url}/widget.js`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ enc: res.headers['content-encoding'], buf: Buffer.concat(chunks) }));
      }).end();
    });
    expect(body.enc).toBe('gzip');
    expect(gunzipSync(body.buf).equals(code)).toBe(true);
  });

  it('serves the hashed file as immutable, and 404 for another hash', async () => {
    for (const path of ['/widget/0123456789abcdef.js', '/widget/widget.0123456789abcdef.js']) {
      const r = await fetch(app.url + path);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await fetch(`${app.url}/widget/fedcba9876543210.js`)).status).toBe(404);
    expect(loads).toBe(1);
  });
});
