/**
 * Twilio's IncomingPhoneNumbers lookup, answered by nock: attaching a number asks the configured Twilio
 * account whether it owns the number (server/businesses/numbers.ts), so tests whose subject is not that
 * rule make the account own the numbers they attach. The ownership rule itself is tested in
 * test/businesses/phone-numbers.test.ts.
 */
import nock from 'nock';
import { TWILIO_API, TWILIO_SID, TWILIO_TOKEN } from './twilio.ts';

export interface TwilioAccount {
  api?: string;
  sid?: string;
  token?: string;
}

/** A PN… SID derived from the number, stable per number. */
export const numberSid = (e164: string) => 'PN' + Buffer.from(e164).toString('hex').padEnd(32, '0').slice(0, 32);

/**
 * The account owns `owned` (every number asked, when 'any'). `times` lookups are answered (default: one);
 * `persist: true` answers every lookup until nock.cleanAll(). Returns the nock scope (scope.isDone()).
 */
export function twilioOwns(
  owned: Iterable<string> | 'any',
  opts: TwilioAccount & { times?: number; persist?: boolean } = {},
) {
  const api = opts.api ?? TWILIO_API;
  const sid = opts.sid ?? TWILIO_SID;
  const own = owned === 'any' ? null : new Set(owned);
  const scope = nock(api);
  if (opts.persist) scope.persist();
  scope
    .get(`/2010-04-01/Accounts/${sid}/IncomingPhoneNumbers.json`)
    .query(true)
    .basicAuth({ user: sid, pass: opts.token ?? TWILIO_TOKEN })
    .times(opts.times ?? 1)
    .reply((uri) => {
      const asked = new URL(uri, api).searchParams.get('PhoneNumber');
      const items =
        asked && (!own || own.has(asked)) ? [{ sid: numberSid(asked), phone_number: asked, account_sid: sid }] : [];
      return [200, { incoming_phone_numbers: items, next_page_uri: null, page: 0, page_size: 1 }];
    });
  return scope;
}
