/** The widget's pure functions, in Node: no browser, no network. */
import { describe, expect, it } from 'vitest';
import { openStateText, isOpenAt } from '../../widget/src/hours.ts';
import { fill } from '../../widget/src/labels.ts';
import { resolveWidgetLabels as resolveLabels, WIDGET_LABELS } from '../../server/widget-api/labels.ts';
import { callingCode, formatPhone, isE164, normalizePhone } from '../../widget/src/phone.ts';
import { isFinal, parseStatusEvent, statusText } from '../../widget/src/status.ts';
import { submitErrors, validateForm } from '../../widget/src/validate.ts';
import { minifyCss, minifyHtml, minifyTemplates } from '../../widget/minify-templates.ts';
import { waitFillTime } from '../../widget/src/fill-time.ts';

const L = WIDGET_LABELS;

describe('normalizePhone', () => {
  it.each([
    ['(415) 555-0123', 'US', '+14155550123'],
    ['415.555.0123', 'US', '+14155550123'],
    ['1 415 555 0123', 'US', '+14155550123'],
    ['+1 (415) 555-0123', 'GB', '+14155550123'],
    ['416-555-0199', 'CA', '+14165550199'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['+44 20 7946 0958', null, '+442079460958'],
    ['06 1234 5678', 'IT', '+390612345678'], // Italy keeps its leading 0
    ['030 1234567', 'de', '+49301234567'],
    ['0412 345 678', 'AU', '+61412345678'],
  ])('%s in %s → %s', (input, country, e164) => {
    expect(normalizePhone(input, country)).toBe(e164);
  });

  it.each([
    ['', 'US'],
    ['call me', 'US'],
    ['1-800-FLOWERS', 'US'],
    ['415 555 0123 ext 4', 'US'],
    ['055-555-0123', 'US'], // NANP area codes start with 2–9
    ['415-155-0123', 'US'], // and so do exchanges
    ['415 555 012', 'US'],
    ['+1 415 555 01234', 'US'],
    ['020 7946 0958', 'ZZ'], // national format, unknown country: cannot guess the country code
    ['020 7946 0958', null],
    ['+0 123 4567', 'US'],
    ['+44 1234', 'GB'],
    ['+1234567890123456', 'US'], // 16 digits: longer than E.164 allows
  ])('rejects %s in %s', (input, country) => {
    expect(normalizePhone(input, country)).toBeNull();
  });

  it('knows calling codes only for exact ISO codes', () => {
    expect(callingCode('us')).toBe('1');
    expect(callingCode('IE')).toBe('353');
    expect(callingCode('E')).toBeUndefined();
    expect(callingCode('S1')).toBeUndefined();
    expect(callingCode('SG65')).toBeUndefined();
    expect(callingCode('XX')).toBeUndefined();
  });

  it('agrees with the lead schema on E.164 and formats NANP for display', () => {
    expect(isE164('+14155550123')).toBe(true);
    expect(isE164('+14150550123')).toBe(false);
    expect(isE164('+442079460958')).toBe(true);
    expect(isE164('442079460958')).toBe(false);
    expect(formatPhone('+14155550123')).toBe('+1 415-555-0123');
    expect(formatPhone('+442079460958')).toBe('+442079460958');
  });
});

describe('hours text', () => {
  const now = Date.parse('2026-03-10T15:00:00Z');
  it('uses the server open flag until nextChange, then its opposite', () => {
    expect(isOpenAt({ open: true, nextChange: '2026-03-10T23:00:00Z' }, now)).toBe(true);
    expect(isOpenAt({ open: true, nextChange: '2026-03-10T14:59:59Z' }, now)).toBe(false);
    expect(isOpenAt({ open: false, nextChange: '2026-03-10T15:00:00Z' }, now)).toBe(true);
    expect(isOpenAt({ open: false, nextChange: null }, now)).toBe(false);
    expect(isOpenAt({ open: true, nextChange: 'not a date' }, now)).toBe(true);
  });
  it('says open now, or closed with the 24/7 AI receptionist, from the labels', () => {
    expect(openStateText({ open: true, nextChange: null }, L, now)).toEqual({ open: true, text: 'Open now' });
    expect(openStateText({ open: false, nextChange: null }, L, now)).toEqual({
      open: false,
      text: 'Closed — our AI receptionist answers 24/7',
    });
    const fr = resolveLabels({ openNow: 'Ouvert', closedNow: 'Fermé' });
    expect(openStateText({ open: true, nextChange: '2026-03-10T14:00:00Z' }, fr, now).text).toBe('Fermé');
  });
});

describe('labels', () => {
  it('overlays string overrides on the English defaults and ignores the rest', () => {
    const l = resolveLabels({ submit: 'Envoyer', unknownKey: 'x', name: 42, phone: '  ' } as Record<string, unknown>);
    expect(l.submit).toBe('Envoyer');
    expect(l.name).toBe(L.name);
    expect(l.phone).toBe(L.phone);
    expect('unknownKey' in l).toBe(false);
    expect(resolveLabels(undefined)).toEqual(L);
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('Call {phone} now', { phone: '+1' })).toBe('Call +1 now');
    expect(fill('Try in {seconds} s {oops}', { seconds: 5 })).toBe('Try in 5 s {oops}');
  });
});

describe('status', () => {
  it('parses only known statuses and keeps only the contract fields', () => {
    expect(parseStatusEvent('{"status":"ringing","at":"2026-01-01T00:00:00Z","phone":"+1415"}')).toEqual({
      status: 'ringing',
      at: '2026-01-01T00:00:00Z',
    });
    expect(parseStatusEvent('{"status":"completed","leadCaptured":true,"at":"x"}')).toEqual({
      status: 'completed',
      leadCaptured: true,
      at: 'x',
    });
    expect(parseStatusEvent('{"status":"exploded"}')).toBeNull();
    expect(parseStatusEvent('{"status":"toString"}')).toBeNull();
    expect(parseStatusEvent('nope')).toBeNull();
    expect(parseStatusEvent('null')).toBeNull();
  });
  it('words every status, with lead capture and retries', () => {
    expect(statusText({ status: 'queued' }, L, true)).toBe(L.statusQueued);
    expect(statusText({ status: 'in_conversation' }, L, true)).toBe(L.statusInConversation);
    expect(statusText({ status: 'completed' }, L, true)).toBe(L.statusCompleted);
    expect(statusText({ status: 'completed', leadCaptured: true }, L, true)).toBe(L.statusCompletedLead);
    expect(statusText({ status: 'no_answer' }, L, true)).toBe(L.statusNoAnswerRetry);
    expect(statusText({ status: 'no_answer', retryScheduled: false }, L, true)).toBe(L.statusNoAnswer);
    expect(statusText({ status: 'no_answer', retryScheduled: true }, L, false)).toBe(L.statusNoAnswer);
    expect(statusText({ status: 'failed' }, L, true)).toBe(L.statusFailed);
  });
  it('knows when the stream can close', () => {
    expect(isFinal({ status: 'ringing' }, true)).toBe(false);
    expect(isFinal({ status: 'completed' }, true)).toBe(true);
    expect(isFinal({ status: 'failed' }, true)).toBe(true);
    expect(isFinal({ status: 'no_answer', retryScheduled: true }, true)).toBe(false);
    expect(isFinal({ status: 'no_answer', retryScheduled: false }, true)).toBe(true);
    expect(isFinal({ status: 'no_answer' }, false)).toBe(true);
  });
});

describe('form validation', () => {
  const base = {
    name: ' Ada  Lovelace ',
    phone: '415 555 0123',
    reason: ' boiler ',
    consentCall: true,
    consentSms: false,
    website: '',
  };
  it('returns the request fields, phone in E.164, reason trimmed or omitted', () => {
    expect(validateForm(base, 'US', L)).toEqual({
      ok: true,
      value: {
        name: 'Ada Lovelace',
        phone: '+14155550123',
        reason: 'boiler',
        consentCall: true,
        consentSms: false,
        website: '',
      },
    });
    const r = validateForm({ ...base, reason: '   ' }, 'US', L);
    expect(r.ok && 'reason' in r.value).toBe(false);
  });
  it('reports each missing or invalid field', () => {
    expect(
      validateForm({ ...base, name: ' ', phone: '12', consentCall: false, reason: 'x'.repeat(501) }, 'US', L),
    ).toEqual({
      ok: false,
      errors: { name: L.errName, phone: L.errPhone, consentCall: L.errConsent, reason: L.errReason },
    });
  });
  it('maps problem+json errors onto fields and other failures onto one message', () => {
    const r422 = {
      status: 422,
      body: {
        detail: 'd',
        errors: [
          { path: 'phone', message: 'bad phone' },
          { path: 'elapsedMs', message: 'too fast' },
        ],
      },
      retryAfter: 60,
    };
    expect(submitErrors(r422, L)).toEqual({ fields: { phone: 'bad phone' }, form: 'too fast' });
    expect(submitErrors({ status: 422, body: { detail: 'Invalid' }, retryAfter: 60 }, L)).toEqual({
      fields: {},
      form: 'Invalid',
    });
    expect(submitErrors({ status: 429, body: {}, retryAfter: 7 }, L).form).toBe('Too many requests. Try again in 7 s.');
    expect(submitErrors({ status: 403, body: {}, retryAfter: 60 }, L).form).toBe(L.errForbidden);
    expect(submitErrors({ status: 500, body: {}, retryAfter: 60 }, L).form).toBe(L.errGeneric);
    expect(submitErrors({ status: 0, body: {}, retryAfter: 0 }, L).form).toBe(L.errNetwork);
  });
});

describe('template minification (build)', () => {
  it('compacts CSS without changing what it means', () => {
    expect(
      minifyCss(
        ' :host {\n  color: red; /* why */\n}\n  @media (min-width: 480px) { a > b , c { x: calc(1px + 2px); } }',
      ),
    ).toBe(':host{color:red}@media (min-width:480px){a>b,c{x:calc(1px + 2px)}}');
    // A space before a colon can be a descendant combinator: it stays.
    expect(minifyCss('.a :focus { color: red }')).toBe('.a :focus{color:red}');
  });
  it('drops whitespace between tags but keeps it between words', () => {
    expect(minifyHtml('\n  <p>\n   Hello   world </p>\n  <b>x</b>\n', true, true)).toBe('<p> Hello world </p><b>x</b>');
  });
  it('drops what HTML ignores inside tags: the space and slash before `>`, quotes around plain values', () => {
    expect(minifyHtml('<input part="input" class="f a" name="code" />\n<label part="label"\n  >', true, false)).toBe(
      '<input part=input class="f a" name=code><label part=label>',
    );
    // After a `${}` value (the next chunk), and a value that is not plain keeps its quotes.
    expect(minifyHtml(' />\n<a href="tel:', false, false)).toBe('><a href="tel:');
  });
  it('rewrites only html`` and css`` literals, leaving strings, other templates and expressions alone', () => {
    const src =
      "const a = html`<p>\n  ${x ? html`<b>\n  ${'  {  '}</b>` : `  keep  `}\n</p>`;\nconst s = '  html`  ';\nconst c = css`a {\n color: red;\n}`;";
    expect(minifyTemplates(src)).toBe(
      "const a = html`<p>${x ? html`<b>${'  {  '}</b>` : `  keep  `}</p>`;\nconst s = '  html`  ';\nconst c = css`a{color:red}`;",
    );
  });
});

describe('waitFillTime', () => {
  // A single setTimeout of the fractional remainder (what the widget did) came back short in about one try
  // in six here, and the rounded elapsedMs then read one under minFillMs: the API's bot decoy, no call.
  it('never resolves before the minimum, in whole milliseconds, from any fractional start', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const since = performance.now() - (i % 10) / 3;
        const elapsed = await waitFillTime(since, 25);
        return { elapsed, real: performance.now() - since };
      }),
    );
    for (const { elapsed, real } of results) {
      expect(Number.isInteger(elapsed)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(25);
      expect(real).toBeGreaterThanOrEqual(elapsed);
    }
  });
  it('does not wait when the minimum has passed', async () => {
    const since = performance.now() - 50;
    expect(await waitFillTime(since, 30)).toBeGreaterThanOrEqual(50);
  });
});
