import { describe, expect, it } from 'vitest';
import type { TranscriptTurn } from '../../server/leads/lead.schema.ts';
import { classifyCall } from '../../server/leads/extract/offline/classify.ts';
import { isSalesCall, salesSignal } from '../../server/leads/extract/offline/sales.ts';

const agent = (text: string): TranscriptTurn => ({ speaker: 'agent', text });
const caller = (text: string): TranscriptTurn => ({ speaker: 'caller', text });
const call = (...said: string[]): TranscriptTurn[] => [
  agent('Thanks for calling, how can I help?'),
  ...said.map(caller),
];

/**
 * Phrasings kept apart from the held-out cases (test/leads/cases) on purpose: these check that the
 * seller-versus-buyer signal generalises instead of memorising the labelled calls.
 */
describe('who is selling to whom', () => {
  it.each([
    "Hi, I'm calling from Bluewave Energy, we can lower the electric rates on your commercial account. Who handles the utility bills there?",
    'Good afternoon, this is Priya with Apex Business Capital. We offer working capital to contractors, approvals in 24 hours. Is the owner available?',
    "Hey, we're a local print shop and we do yard signs and door hangers for contractors. Can I send over our catalog?",
    "Hi! I'm reaching out because we partner with dental practices to handle their billing. Are you the office manager?",
    "We help salons like yours fill empty chairs with online booking. It's a free trial for the first month.",
    "Hi, this is Jordan from Yelp, I'm calling about advertising, we can get you in front of customers searching for plumbers in your area.",
  ])('seller: %s', (text) => {
    expect(isSalesCall(call(text))).toBe(true);
  });

  it.each([
    "Hi, I do SEO for a living so I'm home all day, and my dishwasher is leaking under the cabinet.",
    "Hi, I'm the owner of a small bakery, and our walk-in cooler's compressor died this morning.",
    "Can I speak to the owner? He replaced our roof last year and now there's a leak over the garage.",
    "I'm a marketing manager and my schedule is crazy, can someone come Saturday to fix the outlets in my living room?",
    'We saw your ad in the Valpak mailer, do you do gutter cleaning?',
    "I'm calling from Lakeside Property Management, one of our tenants has no hot water.",
    "I run a staffing agency downtown and we need the AC in our office looked at, it's blowing warm air.",
    'Are you the owner? Your guy was supposed to come Tuesday and never showed, I still need my furnace fixed.',
  ])('customer: %s', (text) => {
    expect(isSalesCall(call(text))).toBe(false);
  });

  it('a "no" to "is this about work of your own?" counts for the seller side', () => {
    const turns = [
      agent('How can I help?'),
      caller('Hi, I wanted to talk to someone about your phones.'),
      agent('Are you calling about service for your own home?'),
      caller("No, we're a VoIP provider, we could cut what you pay for phone lines in half."),
    ];
    expect(salesSignal(turns).cues).toEqual(expect.arrayContaining(['no-to-own-need', 'we-are-a-vendor', 'offer']));
    expect(isSalesCall(turns)).toBe(true);
    // "No rush" is not a no to the question.
    expect(
      salesSignal([agent('Are you looking for repair work?'), caller('No rush, but yes, the gate motor is broken.')])
        .cues,
    ).not.toContain('no-to-own-need');
  });

  it('a cue counts once however often it is said, and buyer words inside a pitch do not count', () => {
    const once = salesSignal(call('We help restaurants grow.'));
    expect(salesSignal(call('We help restaurants grow.', 'Like I said, we help restaurants grow.')).seller).toBe(
      once.seller,
    );
    // "wanted to get" is wanting something, but the clause is a pitch: no buyer evidence from it.
    expect(salesSignal(call('I just wanted to get in front of whoever handles your purchasing.')).buyer).toBe(0);
  });

  it('one sales-y word alone does not make a vendor', () => {
    for (const text of [
      'Is your marketing plan going to include a fall special?',
      'I need merchant services? No, sorry, I mean I need the water heater looked at.',
    ]) {
      expect(isSalesCall(call(text))).toBe(false);
    }
  });
});

describe('classifyCall with the sales signal', () => {
  const none = { name: null, phoneGiven: false, email: null };
  it('vendors are vendors even when they leave a name and number', () => {
    const turns = call(
      "This is Mike with Apex Uniforms, we supply work shirts for contractors like you. Who's in charge of ordering?",
      'Call me back at 555 201 3344.',
    );
    expect(classifyCall(turns, { name: 'Mike', phoneGiven: true, email: null })).toBe('vendor');
  });
  it('an IRS letter is a customer; an IRS impersonation robocall is spam', () => {
    expect(
      classifyCall(call('I got a notice from the IRS about my 2024 return and I need help answering it.'), none),
    ).toBe('lead');
    expect(
      classifyCall(call('This is the IRS. A lawsuit has been filed in your name. Call back immediately.'), none),
    ).toBe('spam');
  });
});
