/** The console's pure parts: cookies and CSRF, cursors and filters, merging live pages, forms. */
import { describe, expect, it } from 'vitest';
import { mergeFresh, inboxSearch, type InboxItem } from '../../console/src/pages/inbox/inbox.controller.ts';
import { hoursFromForm } from '../../console/src/pages/onboarding/hours.ts';
import { nextRun, runProgress, startRun } from '../../console/src/pages/connections/progress.ts';
import { fieldErrors, mappingOf, optionLabel } from '../../console/src/pages/connections/mapping.ts';
import { snippetOf } from '../../console/src/pages/widget-settings/snippet.ts';
import { escalationRulesOf } from '../../server/businesses/escalation.ts';
import { csrfTokenOf, csrfValid, parseCookies, secureCookies, sessionCookies } from '../../server/console/cookies.ts';
import { decodeCursor, encodeCursor, inboxWhere, searchTerms } from '../../server/console/inbox-query.ts';
import { indexHtml } from '../../server/console/assets.ts';

const secret = Buffer.alloc(32, 9);
const item = (callId: string, startedAt: string, name = callId): InboxItem => ({
  callId,
  startedAt,
  from: null,
  status: 'completed',
  durationSeconds: 60,
  handledAt: null,
  assigneeId: null,
  lead: { id: 'l' + callId, name, phone: null, temperature: 'Hot', service: null, summary: '' },
});

describe('session cookies', () => {
  it('CSRF token: bound to the refresh token, checked in constant time', () => {
    const t = csrfTokenOf(secret, 'refresh-a');
    expect(csrfValid(secret, 'refresh-a', t)).toBe(true);
    expect(csrfValid(secret, 'refresh-b', t)).toBe(false);
    expect(csrfValid(secret, 'refresh-a', undefined)).toBe(false);
    expect(csrfValid(secret, undefined, t)).toBe(false);
    expect(csrfValid(Buffer.alloc(32, 1), 'refresh-a', t)).toBe(false);
  });
  it('refresh cookie HttpOnly on the session path; CSRF cookie readable; clearing sets Max-Age=0', () => {
    const [refresh, csrf] = sessionCookies(secret, 'tok', true);
    expect(refresh).toBe('ll_refresh=tok; Path=/console/session; Max-Age=2592000; SameSite=Strict; HttpOnly; Secure');
    expect(csrf).toMatch(/^ll_csrf=[\w-]+; Path=\/; Max-Age=2592000; SameSite=Strict; Secure$/);
    expect(sessionCookies(secret, null, false)[0]).toBe(
      'll_refresh=; Path=/console/session; Max-Age=0; SameSite=Strict; HttpOnly',
    );
    expect(parseCookies('a=1; ll_refresh=x%3Dy; bad; =z')).toEqual({ a: '1', ll_refresh: 'x=y' });
    expect(secureCookies('localhost', false)).toBe(false);
    expect(secureCookies('127.0.0.1', false)).toBe(false);
    expect(secureCookies('127.0.0.1', true)).toBe(true);
    expect(secureCookies('app.example.com', false)).toBe(true);
  });
});

describe('inbox query', () => {
  it('cursors round-trip and refuse anything else', () => {
    const at = new Date('2026-05-01T10:00:00.123Z');
    const id = '5b7c2a1e-0d3f-4a6b-8c9d-0e1f2a3b4c5d';
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ startedAt: at.toISOString(), id });
    expect(() => decodeCursor('garbage')).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('2026-05-01T10:00:00Z|not-a-uuid').toString('base64url'))).toThrow();
  });
  it('every value is a parameter; LIKE wildcards in a search are escaped', () => {
    const { sql, params } = inboxWhere('biz', { limit: 25, q: "50%_off'; drop table", temperature: 'Hot' });
    expect(sql).not.toContain('drop table');
    // Typed text reaches the tsquery as plain words only: no operators, quotes or wildcards of its own.
    expect(params).toContain('50 & off & drop & table:*');
    expect(sql).toContain('"temperature" = $2');
  });
  it('search terms: whole words then a prefix; numbers by their last digits; digits alone are a number', () => {
    expect(searchTerms('Rosa  Ow')).toEqual({ words: 'rosa & ow:*', reversedDigits: null });
    expect(searchTerms('555-0432')).toEqual({ words: null, reversedDigits: '2340555' });
    expect(searchTerms('Caller 4321')).toEqual({ words: 'caller & 4321:*', reversedDigits: '1234' });
    expect(searchTerms('a!|(b)')).toEqual({ words: 'a & b:*', reversedDigits: null });
    expect(searchTerms('12')).toEqual({ words: null, reversedDigits: null });
    expect(inboxWhere('biz', { limit: 25, q: '--' }).sql).toContain('false');
  });
});

describe('live inbox merge', () => {
  it('new rows on top, changed rows replaced, rows that left the filter dropped', () => {
    const shown = [item('b', '2026-01-02'), item('a', '2026-01-01')];
    const fresh = [item('c', '2026-01-03'), item('b', '2026-01-02', 'B renamed')];
    const { items, added } = mergeFresh(shown, fresh, true);
    expect(added).toBe(1);
    expect(items.map((i) => [i.callId, i.lead?.name])).toEqual([
      ['c', 'c'],
      ['b', 'B renamed'],
    ]);
    // When the fresh page is not everything, older rows beyond it stay.
    expect(mergeFresh(shown, [item('b', '2026-01-02')], false).items.map((i) => i.callId)).toEqual(['b', 'a']);
  });
  it('filters become a query string; dates are whole local days', () => {
    const q = new URLSearchParams(
      inboxSearch({ temperature: 'Hot', handled: 'false', q: 'ana', from: '2026-03-01', to: '2026-03-01' }, 'cur'),
    );
    expect(q.get('temperature')).toBe('Hot');
    expect(q.get('handled')).toBe('false');
    expect(q.get('cursor')).toBe('cur');
    expect(new Date(q.get('to')!).getTime() - new Date(q.get('from')!).getTime()).toBe(86_400_000);
    expect(inboxSearch({})).toBe('');
  });
});

describe('forms and helpers', () => {
  it('opening hours from the form: only days ticked open', () => {
    const f = new FormData();
    f.set('open-mon', '1');
    f.set('from-mon', '07:30');
    f.set('to-mon', '16:00');
    f.set('from-tue', '09:00');
    expect(hoursFromForm(f)).toEqual({ mon: [['07:30', '16:00']] });
  });
  it('sync progress measures the run, not the history, and stays at 100 % once done', () => {
    const c = (pending: number, synced: number, failed = 0) => ({ pending, synced, failed, parked: 0 });
    expect(nextRun(null, c(0, 5))).toBeNull(); // nothing waits, nothing to show
    // A backfill of 4 asked for with 5 already sent: the bar counts the 4.
    let run = startRun(c(0, 5));
    run = nextRun(run, c(4, 5))!;
    expect(runProgress(run, c(4, 5))).toEqual({ percent: 0, sent: 0, total: 4 });
    run = nextRun(run, c(1, 7, 1))!;
    expect(runProgress(run, c(1, 7, 1))).toEqual({ percent: 75, sent: 3, total: 4 });
    run = nextRun(run, c(0, 8, 1))!;
    expect(run.finished).toBe(true);
    expect(runProgress(run, c(0, 8, 1))).toEqual({ percent: 100, sent: 4, total: 4 });
    // New leads waiting after it finished start a new run from there.
    expect(nextRun(run, c(2, 8, 1))).toEqual({ from: 9, finished: false });
    // A backlog found waiting starts a run where the page first saw it.
    expect(nextRun(null, c(3, 6, 1))).toEqual({ from: 7, finished: false });
  });
  it('field mapping: the saved override, errors by row, the default choice', () => {
    expect(
      mappingOf([
        ['phone', 'mobilephone'],
        ['email', ''],
        ['budget', 'lead_budget'],
      ]),
    ).toEqual({
      phone: 'mobilephone',
      budget: 'lead_budget',
    });
    expect(
      fieldErrors({
        errors: [
          { path: 'fieldMapping.reason', message: 'HubSpot has no property x' },
          { path: 'body.fieldMapping.email', message: 'too long' },
          { path: 'body.other', message: 'no' },
        ],
      }),
    ).toEqual({ reason: 'HubSpot has no property x', email: 'too long' });
    const view = {
      crmFields: [{ name: 'phone', label: 'Phone number', type: 'string' }],
      unmapped: 'not sent to the contact',
    };
    expect(optionLabel(view, 'phone')).toBe('Default: Phone number (phone)');
    expect(optionLabel(view, null)).toBe('Default: not sent to the contact');
  });
  it('the widget snippet', () => {
    expect(snippetOf('https://leadline.example', 'pk_abc')).toBe(
      '<script async src="https://leadline.example/widget.js" data-key="pk_abc"></script>',
    );
  });
  it('escalation rules: hours-only unless switched off; blank keywords dropped', () => {
    expect(escalationRulesOf({})).toEqual({ keywords: [], transferDuringHoursOnly: true });
    expect(escalationRulesOf({ keywords: [' gas ', '', 3], transferDuringHoursOnly: false })).toEqual({
      keywords: ['gas'],
      transferDuringHoursOnly: false,
    });
    expect(escalationRulesOf(null).transferDuringHoursOnly).toBe(true);
  });
  it('the console page has no inline script or style and escapes asset names', () => {
    const html = indexHtml({ entry: 'main.A.js', stylesheet: 'c.css', initialJs: ['main.A.js', 'chunk.B.js'] });
    expect(html).toContain('<script type="module" src="/console/assets/main.A.js"></script>');
    expect(html).toContain('<link rel="modulepreload" href="/console/assets/chunk.B.js">');
    expect(html).not.toMatch(/<style|style=|<script>/);
  });
});
