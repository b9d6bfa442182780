import { describe, expect, it } from 'vitest';
import { chunk, groupBy } from '../../connectors/shared/batch.ts';
import { parseRetryAfter, RequestTimeoutError, withDeadline } from '../../connectors/shared/http.ts';
import { escapeHtml, splitName } from '../../connectors/shared/text.ts';
import { classifyHubspotError, redactTokens } from '../../connectors/hubspot/client.ts';

describe('connectors/shared helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-09T15:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Mon, 09 Mar 2026 15:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('rejects work that outlives its deadline or its abort signal', async () => {
    const never = new Promise<never>(() => {});
    await expect(withDeadline(never, 20)).rejects.toBeInstanceOf(RequestTimeoutError);
    const ac = new AbortController();
    const p = withDeadline(never, 10_000, ac.signal);
    ac.abort();
    await expect(p).rejects.toThrow('aborted');
    await expect(withDeadline(Promise.resolve(7), 20)).resolves.toBe(7);
  });

  it('a request started after its drain was aborted fails later without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ac = new AbortController();
      ac.abort();
      let fail!: (e: Error) => void;
      const late = new Promise<never>((_, reject) => {
        fail = reject;
      });
      await expect(withDeadline(late, 10_000, ac.signal)).rejects.toThrow('aborted');
      fail(new Error('HTTP-Code: 502'));
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('chunks, groups in first-seen order, escapes and splits names', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect([...groupBy(['b1', 'a1', 'b2'], (s) => s[0])]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1']],
    ]);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(splitName('  Cher ')).toEqual({ firstName: 'Cher', lastName: null });
    expect(splitName(null)).toEqual({ firstName: null, lastName: null });
  });
});

describe('classifyHubspotError', () => {
  const api = (code: number, body: unknown, headers: Record<string, string> = {}) =>
    Object.assign(new Error('x'), { code, body, headers });

  it('classifies by status and HubSpot category', () => {
    expect(classifyHubspotError(api(500, { message: 'boom' }))).toMatchObject({ kind: 'transient', httpStatus: 500 });
    expect(classifyHubspotError(api(403, { message: 'no', category: 'MISSING_SCOPES' }))).toMatchObject({
      kind: 'auth',
    });
    expect(
      classifyHubspotError(api(409, { message: 'Contact already exists. Existing ID: 1', category: 'CONFLICT' })),
    ).toMatchObject({ kind: 'permanent', httpStatus: 409 });
    expect(
      classifyHubspotError(
        api(429, { message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' }),
      ),
    ).toMatchObject({ kind: 'transient', retryAfterMs: 1000 });
    expect(classifyHubspotError(new RequestTimeoutError(5))).toMatchObject({ kind: 'transient' });
    expect(classifyHubspotError(new Error('socket hang up'))).toMatchObject({ kind: 'transient', httpStatus: null });
  });

  it('keeps tokens out of messages', () => {
    expect(redactTokens('request to https://api.hubapi.com/oauth/v1/access-tokens/abc.def-1 failed')).toBe(
      'request to https://api.hubapi.com/oauth/v1/access-tokens/[redacted] failed',
    );
    expect(classifyHubspotError(new Error('GET /oauth/v1/refresh-tokens/rt-secret failed')).message).not.toContain(
      'rt-secret',
    );
  });
});
