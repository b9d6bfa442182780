import { describe, expect, it } from 'vitest';
import type { TranscriptTurn } from '../../server/leads/lead.schema.ts';
import { findAddress } from '../../server/leads/extract/offline/address.ts';
import { classifyCall } from '../../server/leads/extract/offline/classify.ts';
import { extractCustomFields } from '../../server/leads/extract/offline/custom-fields.ts';
import { extractEmail, findEmails } from '../../server/leads/extract/offline/email.ts';
import { extractName } from '../../server/leads/extract/offline/name.ts';
import { findDigitRuns, luhnValid } from '../../server/leads/extract/offline/numbers.ts';
import { extractPhone, toE164 } from '../../server/leads/extract/offline/phone.ts';
import { matchService, snapService } from '../../server/leads/extract/offline/service.ts';
import { classifyTemperature, classifyUrgency } from '../../server/leads/extract/offline/urgency.ts';

const agent = (text: string): TranscriptTurn => ({ speaker: 'agent', text });
const caller = (text: string): TranscriptTurn => ({ speaker: 'caller', text });
const US = { from: '+15125550142', to: '+15125550100' };
const tz = { timezone: 'America/Chicago' };

describe('numbers', () => {
  it.each([
    ['Six one seven, five five five, zero one nine nine.', '6175550199'],
    ['Oh seven seven double oh, nine hundred, one two three.', '07700900123'],
    ['triple five, twenty one, nine hundred twelve', '55521912'],
    ['310-555-0177', '3105550177'],
  ])('reads %s', (text, digits) => {
    expect(findDigitRuns(text).map((r) => r.digits)).toEqual([digits]);
  });

  it('keeps separate numbers apart and ignores the letter o outside numbers', () => {
    expect(findDigitRuns('Tomorrow afternoon, like 2 or 3.').map((r) => r.digits)).toEqual(['2', '3']);
    expect(findDigitRuns("at eight o'clock")).toEqual([expect.objectContaining({ digits: '8' })]);
  });

  it('records chunks so 3-2-4 can be told from 3-3-4', () => {
    expect(findDigitRuns('123-45-6789')[0]!.parts.map((p) => p.digits.length)).toEqual([3, 2, 4]);
  });

  it('checks Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('phone', () => {
  it('normalises to E.164 with the business country', () => {
    expect(toE164('(617) 555-0199', 'US')).toBe('+16175550199');
    expect(toE164('07700 900123', 'GB')).toBe('+447700900123');
    expect(toE164('89', 'US')).toBeNull();
  });

  it('"this number" and a yes to the caller-ID question mean caller ID', () => {
    expect(extractPhone([agent('Best number?'), caller('Just use this number.')], US, tz)).toBe(US.from);
    expect(extractPhone([agent('Is the number you are calling from okay?'), caller('Yes, that works.')], US, tz)).toBe(
      US.from,
    );
  });

  it('a dictated number beats caller ID, before or after confirming it', () => {
    const turns = [
      agent('Is this number, ending in 0142, the best one?'),
      caller('Yes. Actually no, use my work line, 512 555 0199.'),
    ];
    expect(extractPhone(turns, US, tz)).toBe('+15125550199');
    const later = [
      caller('My number is 512-555-0111.'),
      agent('Is that the number you are calling from?'),
      caller('Yeah.'),
    ];
    expect(extractPhone(later, US, tz)).toBe('+15125550111');
  });

  it('a correction wins, whole or just the tail', () => {
    expect(extractPhone([caller('It is 512 555 0111, no wait, 512 555 0112.')], US, tz)).toBe('+15125550112');
    expect(extractPhone([caller('Call 512 555 0147. No wait, sorry, 0174.')], US, tz)).toBe('+15125550174');
    expect(
      extractPhone([caller('512 555 0111'), agent('Got it.'), caller('Sorry, I mean 512 555 0133.')], US, tz),
    ).toBe('+15125550133');
  });

  it('a seven-digit local number takes the caller-ID area code; claim numbers are not phones', () => {
    expect(extractPhone([caller('My number is 555 0199.')], US, tz)).toBe('+15125550199');
    expect(extractPhone([caller('My claim number is 4085550123.')], US, tz)).toBe(US.from);
  });
});

describe('email', () => {
  it.each([
    ['tom dot becker at outlook dot com', 'tom.becker@outlook.com'],
    ['It is J.Smith+leads@Example.co.uk', 'j.smith+leads@example.co.uk'],
    ['jake underscore t at yahoo dot com', 'jake_t@yahoo.com'],
    ['my email is d park eighty eight at gmail dot com', 'dpark88@gmail.com'],
    ['it’s m-a-r-i-a at icloud dot com', 'maria@icloud.com'],
    ['sure, anna dash lee at proton dot me', 'anna-lee@proton.me'],
  ])('%s', (text, email) => {
    expect(findEmails(text)).toEqual([email]);
  });

  it('ignores "at" in ordinary speech and takes a corrected address', () => {
    expect(findEmails("I'm at home at the moment.")).toEqual([]);
    expect(
      extractEmail([caller('bob at gmail dot com'), agent('Thanks.'), caller('sorry, it is rob at gmail dot com')]),
    ).toBe('rob@gmail.com');
  });
});

describe('name', () => {
  it.each<[TranscriptTurn[], string | null]>([
    [[agent('Can I get your name?'), caller('Sure, it’s Maria Gonzalez.')], 'Maria Gonzalez'],
    [[agent('May I have your name?'), caller('Tom Becker. B-E-C-K-E-R.')], 'Tom Becker'],
    [[agent('And your name?'), caller('john smyth, s m y t h')], 'John Smyth'],
    [[caller("Maybe. My name's Priya, you can text me at this number.")], 'Priya'],
    [[agent("What's your name?"), caller('Jon, J-O-N, last name Ellis.')], 'Jon Ellis'],
    [[caller('I need a plumber, I am getting water everywhere.')], null],
    [[agent('Who am I speaking with?'), caller('This is Mark Chen.')], 'Mark Chen'],
  ])('%#', (turns, name) => {
    expect(extractName(turns)).toBe(name);
  });
});

describe('address', () => {
  it.each([
    ['4410 Pecan Street, Austin.', '4410 Pecan Street, Austin'],
    ['Greg Olsen, 1220 Aspen Ridge Drive in Lakewood.', '1220 Aspen Ridge Drive, Lakewood'],
    ['88 West Elm Avenue, Apt 4B, Evanston.', '88 West Elm Avenue, Apt 4B, Evanston'],
    ['It is 12 Baker St in the back.', '12 Baker St'],
  ])('%s', (text, address) => {
    expect(findAddress(text)).toBe(address);
  });
  it('finds none in times and highway names', () => {
    expect(findAddress('I was rear-ended on the 405 two days ago, come at 8 in the morning')).toBeNull();
  });
});

describe('service', () => {
  const plumbing = [
    'drain cleaning',
    'water heater repair',
    'water heater installation',
    'leak repair',
    'sewer line inspection',
  ];
  it.each([
    ['water pouring out from under my sink, a pipe burst', 'leak repair'],
    ['my kitchen sink is clogged and backing up', 'drain cleaning'],
    ['no hot water since yesterday, the tank is making noise', 'water heater repair'],
    ['we want to put in a new tankless water heater', 'water heater installation'],
    ['I just have a question about your hours', null],
  ])('%s', (text, service) => {
    expect(matchService(text, plumbing)).toBe(service);
  });
  it('snaps free text to the list or null', () => {
    expect(snapService('Leak Repair', plumbing)).toBe('leak repair');
    expect(snapService('repair of a leaking pipe', plumbing)).toBe('leak repair');
    expect(snapService('roof replacement', plumbing)).toBeNull();
  });
});

describe('urgency, temperature, classification', () => {
  it('grades urgency', () => {
    expect(classifyUrgency('the basement is flooding right now', null)).toBe('emergency');
    expect(classifyUrgency('it is not an emergency, the faucet drips a little', null)).toBe('normal');
    expect(classifyUrgency('my back is killing me, can someone call tomorrow', 1)).toBe('high');
    expect(classifyUrgency('no rush, sometime next month', null)).toBe('low');
  });
  it('grades temperature', () => {
    expect(classifyTemperature('how much do you charge for a tune-up', 'normal', null)).toBe('Cold');
    expect(classifyTemperature('book me in for Saturday', 'normal', 2)).toBe('Hot');
    expect(classifyTemperature('would like a maintenance plan', 'normal', 7)).toBe('Warm');
    expect(classifyTemperature('water everywhere', 'emergency', null)).toBe('Hot');
  });
  it('sorts non-leads', () => {
    const none = { name: null, phoneGiven: false, email: null };
    expect(classifyCall([caller('Press 1 to speak to a specialist about your Google listing.')], none)).toBe('spam');
    expect(classifyCall([caller('We help local contractors get more leads with SEO. Is this the owner?')], none)).toBe(
      'vendor',
    );
    expect(
      classifyCall([caller('Is this Joe’s Pizza?'), agent('No, this is a law office.'), caller('Oh sorry.')], none),
    ).toBe('wrong-number');
    expect(classifyCall([caller('Never mind, not interested, bye.')], none)).toBe('declined');
    expect(classifyCall([caller('My furnace is banging, can you come look?')], none)).toBe('lead');
  });
});

describe('custom fields', () => {
  it('takes the answer to the agent question about each field', () => {
    const fields = [
      { key: 'tank_age', label: 'Age of the water heater' },
      { key: 'gate_code', label: 'Gate code' },
    ];
    const turns = [
      agent('How old is the water heater?'),
      caller('About eight years.'),
      agent('Any gate code we need?'),
      caller('Yes, it’s 2580.'),
      agent('Great.'),
    ];
    // "How old" names neither "age" literally, so the field label's own words decide: water + heater.
    expect(extractCustomFields(turns, fields)).toEqual({ tank_age: 'eight years', gate_code: '2580' });
    expect(extractCustomFields(turns, [])).toEqual({});
  });
});
