import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../server/widget-api/events-hub.ts';
import { checkCallbackNumber } from '../../server/widget-api/phone.ts';
import { canAdvance, isFinalEvent } from '../../server/widget-api/progress.ts';
import { looksAutomated } from '../../server/widget-api/callbacks.ts';
import { widgetSettingsOf } from '../../server/widget-api/settings.ts';
import { resumeFrom } from '../../server/widget-api/sse.ts';
import { originAllowed } from '../../server/widget-api/origin.ts';

describe('checkCallbackNumber', () => {
  it('normalises national input with the default country', () => {
    expect(checkCallbackNumber('(212) 555-0142', 'US', ['US'])).toMatchObject({
      ok: true,
      e164: '+12125550142',
      country: 'US',
    });
    expect(checkCallbackNumber('06 12 34 56 78', 'FR', ['FR'])).toMatchObject({
      ok: true,
      e164: '+33612345678',
      type: 'MOBILE',
    });
  });
  it('refuses premium, toll-free, shared-cost, short and invalid numbers', () => {
    for (const [n, c] of [
      ['+1 900 555 0100', 'US'],
      ['+1 800 555 0100', 'US'],
      ['09011234567', 'GB'],
      ['0845 464 0000', 'GB'],
      ['0899 123456', 'FR'],
    ] as const) {
      expect(checkCallbackNumber(n, c, [c]), n).toMatchObject({ ok: false, reason: 'type' });
    }
    for (const n of ['911', '112', '12', 'call me'])
      expect(checkCallbackNumber(n, 'US', ['US']), n).toMatchObject({ ok: false, reason: 'invalid' });
  });
  it('refuses countries outside the allowlist', () => {
    expect(checkCallbackNumber('+33 6 12 34 56 78', 'US', ['US'])).toMatchObject({ ok: false, reason: 'country' });
  });
});

describe('progress rules', () => {
  it('moves forward only; back to calling only for a scheduled retry', () => {
    expect(canAdvance('queued', 'calling', false)).toBe(true);
    expect(canAdvance('ringing', 'calling', false)).toBe(false);
    expect(canAdvance('in_conversation', 'in_conversation', false)).toBe(false);
    expect(canAdvance('completed', 'failed', false)).toBe(false);
    expect(canAdvance('no_answer', 'calling', true)).toBe(true);
    expect(canAdvance('no_answer', 'calling', false)).toBe(false);
    expect(canAdvance('no_answer', 'ringing', true)).toBe(false);
  });
  it('final events', () => {
    expect(isFinalEvent('completed', {})).toBe(true);
    expect(isFinalEvent('failed', {})).toBe(true);
    expect(isFinalEvent('no_answer', { retryScheduled: true })).toBe(false);
    expect(isFinalEvent('no_answer', {})).toBe(true);
    expect(isFinalEvent('ringing', {})).toBe(false);
  });
});

describe('SSE framing', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  it('frames an event with id, name and only contract fields', () => {
    expect(
      formatEvent({ id: 42n, status: 'completed', data: { leadCaptured: true, reason: 'x' } as never, createdAt: at }),
    ).toBe(
      'id: 42\nevent: status\ndata: {"status":"completed","leadCaptured":true,"at":"2026-01-01T00:00:00.000Z"}\n\n',
    );
    expect(formatEvent({ id: 7n, status: 'no_answer', data: {}, createdAt: at })).toContain('"retryScheduled":false');
    expect(
      formatEvent({ id: 8n, status: 'failed', data: { reason: 'calling is not configured' } as never, createdAt: at }),
    ).not.toContain('reason');
  });
  it('resumes from the header first, then the query; garbage means from the start', () => {
    expect(resumeFrom('12', '5')).toBe(12n);
    expect(resumeFrom(undefined, '5')).toBe(5n);
    expect(resumeFrom('abc', undefined)).toBe(0n);
    expect(resumeFrom('-1', '1e3')).toBe(0n);
  });
});

describe('guards', () => {
  it('bots: honeypot or faster than minFillMs', () => {
    expect(looksAutomated({ website: '', elapsedMs: 5000 }, 3000)).toBe(false);
    expect(looksAutomated({ website: ' x ', elapsedMs: 5000 }, 3000)).toBe(true);
    expect(looksAutomated({ website: '', elapsedMs: 2999 }, 3000)).toBe(true);
  });
  it('origins match exactly', () => {
    expect(originAllowed('https://a.example', ['https://a.example'])).toBe(true);
    expect(originAllowed('https://a.example.evil', ['https://a.example'])).toBe(false);
    expect(originAllowed('null', ['null'])).toBe(false);
    expect(originAllowed(undefined, ['https://a.example'])).toBe(false);
  });
  it('settings default field by field; the allowlist defaults to the business country', () => {
    expect(widgetSettingsOf({ dailyCallbackCap: 'lots', retriesEnabled: true, allowedCountries: [] }, 'GB')).toEqual({
      labels: {},
      lang: 'en',
      accent: undefined,
      dailyCallbackCap: 50,
      retriesEnabled: true,
      allowedCountries: ['GB'],
      verifyPhone: false,
    });
    // A stored value beyond today's platform limits falls back to the default rather than being honoured.
    expect(widgetSettingsOf({ dailyCallbackCap: 10_000, allowedCountries: ['US', 'CU'] }, 'US')).toMatchObject({
      dailyCallbackCap: 50,
      allowedCountries: ['US'],
    });
  });
});
