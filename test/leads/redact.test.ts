import { describe, expect, it } from 'vitest';
import { REDACTION_MARKERS, redactText } from '../../server/leads/redact.ts';
import { redactTranscript, TranscriptRedactor } from '../../server/leads/transcript-redactor.ts';
import type { TranscriptTurn } from '../../server/leads/lead.schema.ts';
import { loadExamples, loadExtraCases, loadFixtures } from '../../testkit/labelled-calls.ts';

const agent = (text: string): TranscriptTurn => ({ speaker: 'agent', text });
const caller = (text: string): TranscriptTurn => ({ speaker: 'caller', text });

describe('redactText (no conversation context)', () => {
  it.each([
    ['4111 1111 1111 1111', 'my card is 4111 1111 1111 1111 thanks'],
    ['4111-1111-1111-1111', 'it is 4111-1111-1111-1111.'],
    ['4111111111111111', 'number 4111111111111111'],
    ['378282246310005', 'amex 3782 822463 10005'],
  ])('removes a Luhn-valid card number (%s)', (_label, text) => {
    const r = redactText(text);
    expect(r.text).toContain(REDACTION_MARKERS.card);
    expect(r.text).not.toMatch(/\d{4}/);
    expect(r.redactions).toBe(1);
  });

  it('removes a spoken card number, with "oh" and "double"', () => {
    const r = redactText(
      'sure, four five five six, seven three seven five, eight six eight nine, nine eight double five',
    );
    expect(r.text).toBe(`sure, ${REDACTION_MARKERS.card}`);
  });

  it('removes SSNs written 3-2-4 and spoken with a social-security cue', () => {
    expect(redactText('SSN 123-45-6789.').text).toBe(`SSN ${REDACTION_MARKERS.ssn}.`);
    expect(redactText('my social is one two three, four five, six seven eight nine').text).toBe(
      `my social is ${REDACTION_MARKERS.ssn}`,
    );
    expect(redactText('it is 078 05 1120').text).toBe(`it is ${REDACTION_MARKERS.ssn}`);
  });

  it('removes expiry and security code only when a card is being talked about', () => {
    const r = redactText('My card is 5500 0000 0000 0004, expires 12/27, and the CVV is 123.');
    expect(r.text).toBe(
      `My card is ${REDACTION_MARKERS.card}, expires ${REDACTION_MARKERS.expiry}, and the CVV is ${REDACTION_MARKERS.cvv}.`,
    );
    expect(r.redactions).toBe(3);
    // No card anywhere: a gate code and a date stay.
    expect(redactText('The gate security code is 4512 and the permit expires 12/27.').redactions).toBe(0);
  });

  it.each([
    'Call me at 617-555-0199 or (720) 555-0188.',
    'Six one seven, five five five, zero one nine nine.',
    'Oh seven seven double oh, nine hundred, one two three.',
    'My number is +44 7911 123456.',
    '4410 Pecan Street, Austin, TX 78701',
    'The quote was $1,299.99 and the visit is 89 dollars.',
    'Next Tuesday, March 10th 2026, at 10:30.',
    'Order 1234 5678 9012 was delivered.',
  ])('leaves ordinary numbers alone: %s', (text) => {
    expect(redactText(text)).toEqual({ text, redactions: 0 });
  });

  it('does not mistake a 16-digit non-Luhn number for a card without context', () => {
    expect(redactText('tracking 1234 5678 9012 3456').redactions).toBe(0);
  });
});

describe('redactTranscript (agent questions give context)', () => {
  it('catches a card read out across several caller turns', () => {
    const { turns, redactions } = redactTranscript([
      agent('To hold the slot we need a deposit. Can I get the long number on your card?'),
      caller('Sure, four one one one, one one one one,'),
      agent('Okay, go on.'),
      caller('one one one one, one one one one.'),
      agent('And the expiration date?'),
      caller('Oh four slash twenty seven.'),
      agent('And the three digit code on the back?'),
      caller('Seven three one.'),
      agent('Thanks. What is your address and a callback number?'),
      caller('4410 Pecan Street, my number is 512 555 0142.'),
    ]);
    const text = turns.map((t) => t.text);
    expect(text[1]).toBe(`Sure, ${REDACTION_MARKERS.card},`);
    expect(text[3]).toBe(`${REDACTION_MARKERS.card}.`);
    expect(text[5]).toBe(`${REDACTION_MARKERS.expiry}.`);
    expect(text[7]).toBe(`${REDACTION_MARKERS.cvv}.`);
    expect(text[9]).toBe('4410 Pecan Street, my number is 512 555 0142.');
    expect(redactions).toBe(4);
  });

  it('catches a card chunk the caller starts unprompted and finishes in the next turn', () => {
    const { turns } = redactTranscript([
      agent('How would you like to pay?'),
      caller('Card. The number is 5500 0000'),
      agent('Mm-hmm.'),
      caller('0000 0004'),
    ]);
    expect(turns[1]!.text).toBe(`Card. The number is ${REDACTION_MARKERS.card}`);
    expect(turns[3]!.text).toBe(REDACTION_MARKERS.card);
  });

  it('removes last four of a social when the agent asks for it', () => {
    const { turns } = redactTranscript([
      agent('Can you confirm the last four of your social?'),
      caller('Yes, six seven eight nine.'),
    ]);
    expect(turns[1]!.text).toBe(`Yes, ${REDACTION_MARKERS.ssn}.`);
  });

  it('does not treat a code as a card code when no card was discussed', () => {
    const input = [
      agent("What's the code for the gate?"),
      caller('It is 4 5 1 2.'),
      agent('And when should we come?'),
      caller('Tomorrow at 3.'),
    ];
    expect(redactTranscript(input)).toEqual({ turns: input, redactions: 0 });
  });

  it('ends card context when the agent moves on, so a phone number survives', () => {
    const { turns } = redactTranscript([
      agent('What is the card number?'),
      caller('4111 1111 1111 1111'),
      agent("Thanks, that's all for payment. Now what's the best phone number to reach you?"),
      caller('617 555 0199'),
    ]);
    expect(turns[1]!.text).toBe(REDACTION_MARKERS.card);
    expect(turns[3]!.text).toBe('617 555 0199');
  });

  it('removes a card the agent reads back', () => {
    const { turns } = redactTranscript([agent('Just to confirm, that was 4111 1111 1111 1111?'), caller('Yes.')]);
    expect(turns[0]!.text).toBe(`Just to confirm, that was ${REDACTION_MARKERS.card}?`);
  });

  it('never lets a mustNotContain string survive, on every labelled case', () => {
    const cases = [...loadExamples(), ...loadFixtures(), ...loadExtraCases()];
    const withSecrets = cases.filter((c) => (c.mustNotContain ?? []).length > 0);
    expect(withSecrets.length).toBeGreaterThanOrEqual(3);
    for (const c of cases) {
      const raw = JSON.stringify(c.transcript).toLowerCase();
      const out = JSON.stringify(redactTranscript(c.transcript).turns).toLowerCase();
      for (const secret of c.mustNotContain ?? []) {
        expect(raw, `${c.id} should contain ${secret} before redaction`).toContain(secret.toLowerCase());
        expect(out, `${c.id}: ${secret}`).not.toContain(secret.toLowerCase());
      }
    }
  });

  it('leaves the examples and shared fixtures with no secrets in them untouched', () => {
    for (const c of [...loadExamples(), ...loadFixtures()].filter((f) => !f.mustNotContain)) {
      expect(redactTranscript(c.transcript).turns, c.id).toEqual(c.transcript);
    }
  });
});

describe('TranscriptRedactor (one turn at a time, as on a live call)', () => {
  const M = REDACTION_MARKERS;
  /** Pushes the turns in order; returns what would be stored after each, as the live call stores it. */
  function live(turns: TranscriptTurn[]) {
    const r = new TranscriptRedactor<number>();
    const stored: string[] = [];
    const after: string[][] = [];
    const revisedAt: number[][] = [];
    turns.forEach((t, i) => {
      const out = r.push(t, i);
      stored[i] = out.text;
      for (const v of out.revised) stored[v.key] = v.text;
      after.push([...stored]);
      revisedAt.push(out.revised.map((v) => v.key));
    });
    return { stored, after, revisedAt };
  }

  it('redacts each piece of a card, its expiry and its code as they come when cards were just mentioned', () => {
    const { after } = live([
      agent('Thanks for calling Apex Dental. How can I help?'),
      caller('I want to pay my bill with my card.'),
      agent('Okay.'),
      caller('Four one one one, one one one one,'),
      caller('one one one one, one one one one.'),
      agent('Mm-hmm.'),
      caller('Oh four slash twenty seven.'),
      caller('Seven three one.'),
    ]);
    for (const stored of after) expect(stored.join(' ')).not.toMatch(/\d|\b(one|four|seven|three|twenty)\b/i);
    expect(after.at(-1)![3]).toBe(`${M.card},`);
  });

  it('goes back to earlier turns when only the last piece shows they were a card', () => {
    const { stored, revisedAt, after } = live([
      caller('Can I pay the deposit with my Visa now?'),
      agent('Okay.'),
      caller('four one one one one one'),
      agent('Mm-hmm.'),
      caller('one one one one one'),
      caller('one one one one one.'),
    ]);
    // Six and five digits alone are nothing yet; the sixteenth digit makes a Luhn-valid card of them.
    expect(after[4]![2]).toBe('four one one one one one');
    expect(revisedAt[5]).toEqual([2, 4]);
    expect(stored.slice(2)).toEqual([M.card, 'Mm-hmm.', M.card, `${M.card}.`]);
    expect(
      redactTranscript([
        caller('Can I pay the deposit with my Visa now?'),
        agent('Okay.'),
        caller('four one one one one one'),
        agent('Mm-hmm.'),
        caller('one one one one one'),
        caller('one one one one one.'),
      ]).turns.map((t) => t.text),
    ).toEqual(stored);
  });

  it('catches a social read out in pieces, whether the word came with the digits or before them', () => {
    const withWord = live([caller('My social is one two three'), caller('four five'), caller('six seven eight nine.')]);
    for (const stored of withWord.after)
      expect(stored.join(' ')).not.toMatch(/\b(one|two|three|four|five|six|seven|eight|nine)\b/);
    const before = live([
      caller('Do you need my social security number?'),
      agent("No, please don't share that."),
      caller('one two three'),
      caller('four five'),
      caller('six seven eight nine'),
    ]);
    expect(before.revisedAt[4]).toEqual([2, 3]);
    expect(before.stored.slice(2)).toEqual([M.ssn, M.ssn, M.ssn]);
  });

  it('leaves a phone number, a zip and an address alone after payment came up', () => {
    const turns = [
      caller("I'll pay by card when the tech comes."),
      agent("Great. What's the best number to reach you?"),
      caller('five one two, five five five, zero one four two'),
      agent('And the zip code?'),
      caller('seven eight seven oh one'),
      agent('And the street address?'),
      caller('4410 Pecan Street.'),
    ];
    expect(live(turns).stored).toEqual(turns.map((t) => t.text));
  });

  it('does not join digits across a question about something else', () => {
    const turns = [
      caller('Can I pay the deposit with my Visa?'),
      agent("We can't take cards over the phone."),
      agent('What day works for you?'),
      caller('the twelfth, after 3'),
      agent('And how many bathrooms?'),
      caller('two'),
    ];
    expect(live(turns).stored).toEqual(turns.map((t) => t.text));
  });
});
