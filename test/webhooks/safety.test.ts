import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testkit/http.ts';
import { type DnsStandin, startDnsStandin } from '../../testkit/dns-standin.ts';
import { type Receiver, startReceiver } from '../../testkit/webhook-receiver.ts';
import { startWebhookApp, type WebhookApp } from '../../testkit/webhook-app.ts';

// Attacks on the webhook sender, through the API an integrator uses: the endpoint URL is theirs to choose.
let dns: DnsStandin;
let strict: WebhookApp; // WEBHOOKS_ALLOW_LOOPBACK unset, as in production
let dev: WebhookApp; // WEBHOOKS_ALLOW_LOOPBACK=true, as in development and tests
let inside: Receiver; // stands for a service on the internal network
beforeAll(async () => {
  dns = await startDnsStandin();
  inside = await startReceiver();
  const env = { WEBHOOKS_DNS_SERVERS: dns.server, WEBHOOK_TIMEOUT_MS: '1000' };
  strict = await startWebhookApp(env);
  dev = await startWebhookApp({ ...env, WEBHOOKS_ALLOW_LOOPBACK: 'true' });
});
afterAll(async () => {
  await strict.close();
  await dev.close();
  await inside.stop();
  await dns.stop();
});

const testEvent = (app: WebhookApp, t: { token: string; businessId: string }, id: string) =>
  call(app.url, 'POST', `/api/v1/businesses/${t.businessId}/webhooks/${id}/test`, { token: t.token });

describe('webhook safety', () => {
  it('refuses private, link-local, metadata and loopback literals when the endpoint is saved', async () => {
    const t = await strict.tenant();
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/hook',
      'http://192.168.1.1/hook',
      `http://[::1]:${inside.port}/hook`,
      'http://[::ffff:127.0.0.1]/hook',
      'http://[fd00:ec2::254]/hook',
      `http://127.0.0.1:${inside.port}/hook`,
      'http://localhost/hook',
      'ftp://hooks.example.com/x',
      'https://user:pass@hooks.example.com/x',
    ]) {
      const r = await call(strict.url, 'POST', `/api/v1/businesses/${t.businessId}/webhooks`, {
        token: t.token,
        body: { url, events: ['lead.created'] },
      });
      expect(r.status, url).toBe(422);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await strict.ctx.db.webhookEndpoint.count({ where: { businessId: t.businessId } })).toBe(0);
    // https only in production: when saved, and again when sent (a row saved before, or edited in the database)
    const { endpointUrlProblem } = await import('../../server/webhooks/url-rule.ts');
    expect(endpointUrlProblem('http://hooks.example.com/x', { env: 'production', allowLoopback: false })).toBe(
      'must use https',
    );
    const { sendWebhook } = await import('../../server/webhooks/send.ts');
    const plain = await sendWebhook({
      url: `http://127.0.0.1:${inside.port}/plain`,
      headers: {},
      body: '{}',
      timeoutMs: 1000,
      allowLoopback: true,
      requireHttps: true,
      resolve: async () => ['127.0.0.1'],
    });
    expect(plain).toMatchObject({ ok: false, sent: false, error: 'refused: not an https URL' });
    expect(inside.received.filter((r) => r.path === '/plain')).toHaveLength(0);
  });

  it('resolves the host at send time and refuses 169.254.169.254, 10.x and ::1 behind a public-looking name', async () => {
    dns.set('meta.attacker.test', ['169.254.169.254']);
    dns.set('ten.attacker.test', ['10.1.2.3']);
    dns.set('six.attacker.test', ['::1']);
    dns.set('loop.attacker.test', ['127.0.0.1']);
    dns.set('mixed.attacker.test', ['93.184.216.34', '10.0.0.1']);
    const t = await strict.tenant();
    for (const host of ['meta', 'ten', 'six', 'loop', 'mixed']) {
      const ep = await strict.endpoint(t, `http://${host}.attacker.test:${inside.port}/steal`);
      expect((await testEvent(strict, t, ep.id)).status).toBe(202);
      const [a] = await strict.attempts(ep.id);
      expect(a!.ok).toBe(false);
      expect(a!.error, host).toMatch(/^refused: .* resolves to a (blocked|loopback) address/);
      expect(a!.responseStatus).toBeNull();
    }
    expect(dns.asked).toContain('meta.attacker.test/A');
    expect(inside.received).toHaveLength(0);
  });

  it('with WEBHOOKS_ALLOW_LOOPBACK allows loopback and nothing else private, pinned to the address it checked', async () => {
    const t = await dev.tenant();
    dns.set('ten.dev.test', ['10.9.9.9']);
    const ten = await dev.endpoint(t, `http://ten.dev.test:${inside.port}/x`);
    await testEvent(dev, t, ten.id);
    expect((await dev.attempts(ten.id))[0]!.error).toMatch(/refused/);
    // DNS rebinding: the first answer passes the check, later ones point inside. The request goes to the
    // address that was checked; no second lookup decides where it connects.
    dns.rebind('rebind.dev.test', ['127.0.0.1'], ['10.0.0.1']);
    const rb = await dev.endpoint(t, `http://rebind.dev.test:${inside.port}/rebind`);
    await testEvent(dev, t, rb.id);
    const [ok] = await dev.attempts(rb.id);
    expect(ok).toMatchObject({ ok: true, responseStatus: 200 });
    const got = inside.received.find((r) => r.path === '/rebind')!;
    expect(got.headers.host).toBe(`rebind.dev.test:${inside.port}`);
  });

  it('does not follow a redirect to an internal address', async () => {
    const t = await dev.tenant();
    const bouncer = await startReceiver({
      behaviour: { kind: 'redirect', location: `http://127.0.0.1:${inside.port}/internal-admin` },
    });
    try {
      const ep = await dev.endpoint(t, `${bouncer.url}/hook`);
      await testEvent(dev, t, ep.id);
      const [a] = await dev.attempts(ep.id);
      expect(a).toMatchObject({ ok: false, responseStatus: 302, error: 'redirect (302) not followed' });
      expect(inside.received.filter((r) => r.path === '/internal-admin')).toHaveLength(0);
    } finally {
      await bouncer.stop();
    }
  });

  it('reads a huge response only up to its cap, and gives up on a slow endpoint at the timeout', async () => {
    const t = await dev.tenant();
    const huge = await startReceiver({ behaviour: { kind: 'huge', bytes: 200 * 1024 * 1024 } });
    const slow = await startReceiver({ behaviour: { kind: 'slow', ms: 10_000 } });
    try {
      const h = await dev.endpoint(t, `${huge.url}/h`);
      const s = await dev.endpoint(t, `${slow.url}/s`);
      await testEvent(dev, t, h.id);
      await testEvent(dev, t, s.id);
      const [a] = await dev.attempts(h.id);
      expect(a).toMatchObject({ ok: true, responseStatus: 200 });
      expect(a!.responseBody!.length).toBeLessThanOrEqual(1024);
      expect(a!.latencyMs).toBeLessThan(1000);
      await new Promise((r) => setTimeout(r, 200));
      expect(huge.cutShort).toBe(1); // the sender hung up long before 200 MB
      const [b] = await dev.attempts(s.id);
      expect(b).toMatchObject({ ok: false, responseStatus: null, error: 'timed out after 1000 ms' });
      expect(b!.latencyMs).toBeGreaterThanOrEqual(990);
      expect(b!.latencyMs).toBeLessThan(3000);
    } finally {
      await huge.stop();
      await slow.stop();
    }
  });
});
