import { describe, expect, it } from 'vitest';
import type { TranscriptTurn } from '../../server/leads/lead.schema.ts';
import { extractEmail, findEmails } from '../../server/leads/extract/offline/email.ts';

const agent = (text: string): TranscriptTurn => ({ speaker: 'agent', text });
const caller = (text: string): TranscriptTurn => ({ speaker: 'caller', text });

describe('spoken e-mail addresses', () => {
  it.each([
    ['nina dot cho at proton mail dot com', 'nina.cho@protonmail.com'],
    ['bill at proton dot me', 'bill@proton.me'],
    ['info at lake hyphen view dental dot com', 'info@lake-viewdental.com'],
    ['orders at smith dash jones dot co dot uk', 'orders@smith-jones.co.uk'],
    ['it is r underscore patel at gmail dot com', 'r_patel@gmail.com'],
    ['mike dash t at hotmail dot com', 'mike-t@hotmail.com'],
    ['it’s j o h n dot d a v i s at gmail dot com', 'john.davis@gmail.com'],
    ['R-O-S-A, rosa, no wait, just r o s a at yahoo dot com', 'rosa@yahoo.com'],
    ['tony nineteen eighty four at aol dot com', 'tony1984@aol.com'],
    ['bmiller four five six at gmail dot com', 'bmiller456@gmail.com'],
    ['jen twenty two at icloud dot com', 'jen22@icloud.com'],
    ['carlos at gmail', 'carlos@gmail.com'],
    ['pat green, all one word, at comcast dot net', 'patgreen@comcast.net'],
    ['liz at sign verizon dot net', 'liz@verizon.net'],
    ['dan@gmail dot com', 'dan@gmail.com'],
    ['dan at gmail.com', 'dan@gmail.com'],
    ['j.smith at outlook dot com', 'j.smith@outlook.com'],
    ['office at harbor cpa dot org, and my cell is 617 555 0100', 'office@harborcpa.org'],
    ['sara k at yahoo dot com. S A R A, K.', 'sarak@yahoo.com'],
  ])('%s', (text, email) => {
    expect(findEmails(text)).toEqual([email]);
  });

  it.each([
    "I'm at home at the moment.",
    "I'll be at the shop all day, we're at 14 Main Street.",
    'We were at the game dot dot dot it was a long night.',
    'my son is at Lincoln Elementary until three',
  ])('none in ordinary speech: %s', (text) => {
    expect(findEmails(text)).toEqual([]);
  });

  it("a website named in passing is not the caller's address; a mail provider or an e-mail question is needed", () => {
    const turns = [agent('Where did you hear about us?'), caller('I found you guys at home advisor dot com.')];
    expect(extractEmail(turns)).toBeNull();
    expect(
      extractEmail([agent('When works?'), caller('Friday. Oh and I looked you up at best plumbers dot net.')]),
    ).toBeNull();
    // Asked for, any domain is fine; unasked, a well-known provider still is.
    expect(extractEmail([agent('And an email?'), caller('sure, pete at novak builders dot com')])).toBe(
      'pete@novakbuilders.com',
    );
    expect(extractEmail([agent('Anything else?'), caller('you can reach me at pete novak at gmail dot com')])).toBe(
      'petenovak@gmail.com',
    );
    expect(extractEmail([agent('Anything else?'), caller('you can email me, pete at novak builders dot com')])).toBe(
      'pete@novakbuilders.com',
    );
  });

  it('the address given keeps over a later website mention in another turn', () => {
    const turns = [
      agent('Email?'),
      caller('kim at gmail dot com'),
      agent('When?'),
      caller('Monday. I saw you at angies list dot com by the way.'),
    ];
    expect(extractEmail(turns)).toBe('kim@gmail.com');
  });
});
