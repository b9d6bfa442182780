import { describe, expect, it } from 'vitest';
import { limitPauseMs, parseLimitInfo } from '../../../connectors/salesforce/client.ts';
import {
  classifySalesforceError,
  DAILY_LIMIT_BACKOFF_MS,
  CONCURRENCY_BACKOFF_MS,
} from '../../../connectors/salesforce/errors.ts';

const apiError = (errorCode: string, message = 'm') =>
  Object.assign(new Error(message), { name: errorCode, errorCode });

describe('Salesforce error classification', () => {
  it('sorts session, limit, server and record errors', () => {
    expect(classifySalesforceError(apiError('INVALID_SESSION_ID')).kind).toBe('auth');
    expect(
      classifySalesforceError(Object.assign(new Error('expired access/refresh token'), { name: 'invalid_grant' })).kind,
    ).toBe('auth');
    const daily = classifySalesforceError(apiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
    expect(daily.kind).toBe('transient');
    expect(daily.retryAfterMs).toBeGreaterThanOrEqual(DAILY_LIMIT_BACKOFF_MS);
    const concurrent = classifySalesforceError(
      apiError('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'),
    );
    expect(concurrent.retryAfterMs).toBeGreaterThanOrEqual(CONCURRENCY_BACKOFF_MS);
    expect(concurrent.retryAfterMs).toBeLessThan(DAILY_LIMIT_BACKOFF_MS);
    expect(classifySalesforceError(apiError('ERROR_HTTP_503')).kind).toBe('transient');
    expect(classifySalesforceError(apiError('UNABLE_TO_LOCK_ROW')).kind).toBe('transient');
    expect(
      classifySalesforceError(Object.assign(new Error('socket hang up'), { name: 'FetchError', code: 'ECONNRESET' }))
        .kind,
    ).toBe('transient');
    expect(classifySalesforceError(apiError('REQUIRED_FIELD_MISSING')).kind).toBe('permanent');
    expect(classifySalesforceError(apiError('FIELD_CUSTOM_VALIDATION_EXCEPTION')).kind).toBe('permanent');
    expect(classifySalesforceError(new TypeError('boom'), 401).kind).toBe('auth');
    expect(classifySalesforceError(new TypeError('boom')).kind).toBe('permanent');
  });

  it('reads Sforce-Limit-Info and spaces calls out past 80 % of the allowance', () => {
    expect(parseLimitInfo('api-usage=18/5000; api-bursts=1/750')).toEqual({ used: 18, limit: 5000 });
    expect(parseLimitInfo(undefined)).toBeNull();
    expect(limitPauseMs({ used: 70, limit: 100 })).toBe(0);
    expect(limitPauseMs({ used: 85, limit: 100 })).toBe(5_000);
    expect(limitPauseMs({ used: 92, limit: 100 })).toBe(30_000);
    expect(limitPauseMs({ used: 100, limit: 100 })).toBe(30 * 60_000);
  });
});
