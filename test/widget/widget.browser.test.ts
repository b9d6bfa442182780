/**
 * The built widget in real Chromium, on pages of another origin than the widget API: what the visitor sees,
 * the form, the live status and its persistence.
 */
import { describe, expect, it } from 'vitest';
import { WIDGET_LABELS as L } from '../../server/widget-api/labels.ts';
import { useBrowserHarness } from '../../testkit/browser-harness.ts';
import { HAS_CHROMIUM } from '../../testkit/chromium.ts';

describe.skipIf(!HAS_CHROMIUM)('leadline widget in Chromium', () => {
  const { h, snippet, open, w, launcher, statusText, evaluate, firstId, fillForm, submit } = useBrowserHarness();

  it('renders the business name, open state and a tap-to-call link behind the launcher', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    expect(await w(page, '[part~=title]').textContent()).toBe('Acme Plumbing');
    expect(await w(page, '[part~=hours]').textContent()).toBe(L.openNow);
    expect(await w(page, '[part~=hours-text]').textContent()).toBe('Mon–Fri 8am–6pm');
    expect(await w(page, '[part~=call-link]').getAttribute('href')).toBe('tel:+14155550123');
    expect(await w(page, '[part~=call-link]').textContent()).toBe('Call +1 415-555-0123');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    // The panel sits above the launcher, both on the high default z-index.
    const z = await page.evaluate(() => {
      const root = document.querySelector('leadline-widget')!.shadowRoot!;
      return [root.querySelector('.launcher')!, root.querySelector('.panel')!].map((el) =>
        Number(getComputedStyle(el).zIndex),
      );
    });
    expect(z[0]).toBe(2147483000);
    expect(z[1]).toBe(2147483001);
    await page.keyboard.press('Escape');
    expect(await w(page, '[part~=panel]').isVisible()).toBe(false);
  });

  it('says closed — the AI receptionist answers — when the business is closed', async () => {
    const page = await open(snippet('pk_closed'));
    await launcher(page).click();
    expect(await w(page, '[part~=hours]').textContent()).toBe('Closed — our AI receptionist answers 24/7');
  });

  it('uses the business label overrides, its lang and its accent colour', async () => {
    const page = await open(snippet('pk_fr'));
    expect(await launcher(page).textContent()).toBe('Rappelez-moi');
    await launcher(page).click();
    expect(await w(page, '[part~=hours]').textContent()).toBe('Ouvert');
    expect(await w(page, 'form [part~=button]').textContent()).toBe('Envoyer');
    expect(await w(page, 'label:has(input[name=name])').textContent()).toContain('Votre nom');
    // Keys without an override keep the English default.
    expect(await w(page, 'label:has(input[name=phone])').textContent()).toContain(L.phone);
    expect(await w(page, '[part~=panel]').getAttribute('lang')).toBe('fr');
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 0, 0)');
  });

  it('validates inline, tied to the inputs, and sends nothing while invalid', async () => {
    const page = await open(snippet('pk_open'));
    const before = h.api.posts.length;
    await launcher(page).click();
    await submit(page);
    for (const [field, message] of [
      ['name', L.errName],
      ['phone', L.errPhone],
      ['consentCall', L.errConsent],
    ] as const) {
      const input = w(page, `input[name=${field}]`);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      const describedBy = await input.getAttribute('aria-describedby');
      expect(await w(page, `#${describedBy}`).textContent()).toBe(message);
    }
    // Focus moves to the first invalid field.
    expect(
      await page.evaluate(() =>
        document.querySelector('leadline-widget')!.shadowRoot!.activeElement?.getAttribute('name'),
      ),
    ).toBe('name');

    await fillForm(page, { name: 'Ada Lovelace', phone: '555-01', call: false });
    await submit(page);
    expect(await w(page, 'input[name=name]').getAttribute('aria-invalid')).toBeNull();
    expect(await w(page, 'input[name=phone]').getAttribute('aria-invalid')).toBe('true');
    expect(await w(page, 'input[name=consentCall]').getAttribute('aria-invalid')).toBe('true');
    expect(h.api.posts.length).toBe(before);
  });

  it('posts the contract body (E.164 from a national number, honeypot empty, elapsedMs) and announces each status', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await fillForm(page, {
      name: '  Ada   Lovelace ',
      phone: '(415) 555-0199',
      reason: 'Leaking boiler',
      call: true,
      sms: true,
    });
    const before = h.api.posts.length;
    await submit(page);
    await expect.poll(() => h.api.posts.length).toBe(before + 1);
    const post = h.api.posts.at(-1)!;
    expect(post.body).toEqual({
      key: 'pk_open',
      name: 'Ada Lovelace',
      phone: '+14155550199',
      reason: 'Leaking boiler',
      consentCall: true,
      consentSms: true,
      website: '',
      elapsedMs: expect.any(Number),
      // Solved in the page with WebCrypto; the fake API checks the hash like the real one.
      proof: { challenge: expect.stringMatching(/^fake\./), solution: expect.stringMatching(/^\d+$/) },
    });
    // minFillMs is 300: a fast submit waits rather than looking like a bot.
    expect(post.body.elapsedMs as number).toBeGreaterThanOrEqual(300);
    expect(post.headers.cookie).toBeUndefined();
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers.origin).toBe(h.site.origin);

    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    const id = (await evaluate<{ type: string; detail: { id: string } }[]>(page, '__events')).find(
      (e) => e.type === 'leadline:submitted',
    )!.detail.id;
    await expect.poll(() => h.api.openStreams(id)).toBe(1);
    expect(await w(page, 'form').count()).toBe(0); // the typed details are gone from the DOM
    const region = w(page, '[role=status]');
    expect(await region.getAttribute('aria-live')).toBe('polite');

    h.api.push(id, { status: 'calling' });
    await expect.poll(() => statusText(page)).toBe(L.statusCalling);
    h.api.push(id, { status: 'ringing' });
    await expect.poll(() => statusText(page)).toBe(L.statusRinging);
    h.api.push(id, { status: 'in_conversation' });
    await expect.poll(() => statusText(page)).toBe(L.statusInConversation);
    h.api.push(id, { status: 'completed', leadCaptured: true });
    await expect.poll(() => statusText(page)).toBe(L.statusCompletedLead);
    // Final: the stream is closed and the tab forgets the request.
    await expect.poll(() => h.api.openStreams(id)).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    const events = await evaluate<{ type: string; detail: Record<string, unknown> }[]>(page, '__events');
    expect(events.map((e) => `${e.type}:${e.detail.status}`)).toEqual([
      'leadline:submitted:queued',
      'leadline:status:queued',
      'leadline:status:calling',
      'leadline:status:ringing',
      'leadline:status:in_conversation',
      'leadline:status:completed',
    ]);
    for (const e of events) {
      expect(
        Object.keys(e.detail).every((k) => ['id', 'status', 'leadCaptured', 'retryScheduled', 'at'].includes(k)),
      ).toBe(true);
      expect(JSON.stringify(e.detail)).not.toMatch(/Ada|4155550199|boiler|tok_/);
    }
    // "Request another call" brings back an empty form.
    await w(page, '.panel > [part~=button]').click();
    expect(await w(page, 'input[name=name]').inputValue()).toBe('');
  });

  it('says "we will try again" on no answer when retries are on, and gives up cleanly when they are off', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await fillForm(page, { name: 'Bo', phone: '+44 20 7946 0958', call: true });
    await submit(page);
    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    expect(h.api.posts.at(-1)!.body.phone).toBe('+442079460958');
    const id = await firstId(page);
    h.api.push(id, { status: 'no_answer', retryScheduled: true });
    await expect.poll(() => statusText(page)).toBe(L.statusNoAnswerRetry);
    expect(h.api.openStreams(id)).toBe(1); // a retry will follow on the same stream

    const page2 = await open(snippet('pk_noretry'));
    await launcher(page2).click();
    await fillForm(page2, { name: 'Cy', phone: '4155550100', call: true });
    await submit(page2);
    await expect.poll(() => statusText(page2)).toBe(L.statusQueued);
    const id2 = await firstId(page2);
    h.api.push(id2, { status: 'no_answer' });
    await expect.poll(() => statusText(page2)).toBe(L.statusNoAnswer);
    await expect.poll(() => h.api.openStreams(id2)).toBe(0);
  });

  it('survives a reload: resumes the stream from sessionStorage, which holds only {id, token}', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await fillForm(page, { name: 'Dee', phone: '415 555 0142', call: true });
    await submit(page);
    await expect.poll(() => statusText(page)).toBe(L.statusQueued);
    const id = await firstId(page);
    h.api.push(id, { status: 'calling' });
    await expect.poll(() => statusText(page)).toBe(L.statusCalling);

    const stored = await page.evaluate(() => Object.fromEntries(Object.entries(sessionStorage)));
    expect(Object.keys(stored)).toEqual(['leadline:pk_open']);
    const saved = JSON.parse(stored['leadline:pk_open']!) as Record<string, unknown>;
    expect(Object.keys(saved).sort()).toEqual(['id', 'token']);
    expect(saved.id).toBe(id);

    const requestsBefore = h.api.eventRequests.length;
    await page.reload();
    await launcher(page).click();
    await expect.poll(() => statusText(page)).toBe(L.statusCalling);
    expect(h.api.eventRequests.slice(requestsBefore).map((r) => [r.id, r.token])).toEqual([[id, saved.token]]);
    // The stream was opened with a single-use ticket minted for that token; the token itself never in a URL.
    expect(h.api.eventRequests.every((r) => r.ticket?.startsWith('tkt_'))).toBe(true);
    expect(await w(page, 'form').count()).toBe(0);
    h.api.push(id, { status: 'ringing' });
    await expect.poll(() => statusText(page)).toBe(L.statusRinging);
  });

  it('shows server validation, rate limiting and origin refusals as problem+json messages', async () => {
    const page = await open(snippet('pk_open'));
    await launcher(page).click();
    await fillForm(page, { name: 'Eve', phone: '4155550111', call: true });
    h.api.nextPostResponse = {
      status: 422,
      body: {
        type: 'x',
        title: 'Invalid request',
        status: 422,
        detail: 'phone',
        errors: [{ path: 'phone', message: 'Not a mobile number' }],
      },
    };
    await submit(page);
    await expect.poll(() => w(page, '#phone-err').textContent()).toBe('Not a mobile number');
    expect(await w(page, 'input[name=phone]').getAttribute('aria-invalid')).toBe('true');

    h.api.nextPostResponse = {
      status: 429,
      body: { type: 'x', title: 'Too many requests', status: 429 },
      headers: { 'retry-after': '42' },
    };
    await submit(page);
    await expect.poll(() => w(page, '[role=alert]').textContent()).toBe('Too many requests. Try again in 42 s.');

    h.api.nextPostResponse = { status: 403, body: { type: 'x', title: 'Forbidden', status: 403 } };
    await submit(page);
    await expect.poll(() => w(page, '[role=alert]').textContent()).toBe(L.errForbidden);
  });
});
