import { describe, expect, it } from 'vitest';
import type { TranscriptTurn } from '../../server/leads/lead.schema.ts';
import { extractOffline } from '../../server/leads/extract/offline/index.ts';
import { afterLeading, phrases } from '../../server/leads/extract/offline/tokens.ts';

/** The failure classes of issue #18, one small call each (none of these is in the held-out part). */
function call(
  lines: string[],
  services: string[] = ['drain cleaning', 'leak repair'],
  calledAt = '2026-06-09T15:00:00Z',
) {
  const turns: TranscriptTurn[] = lines.map((l) => ({
    speaker: l.startsWith('A: ') ? 'agent' : 'caller',
    text: l.slice(3),
  }));
  if (!lines.some((l) => /name/i.test(l)))
    turns.push({ speaker: 'agent', text: 'And your name?' }, { speaker: 'caller', text: 'Dana Reyes.' });
  return extractOffline(
    turns,
    { name: 'Test Co', industry: 'home services', timezone: 'America/Chicago', services },
    { calledAt, from: '+15125550100', to: '+15125550199' },
  );
}

describe('whole-token normalisation', () => {
  it('drops fillers and lead-ins only as whole tokens', () => {
    const lead = phrases(['um', 'so', "it's", 'er']);
    expect(afterLeading('Um, so, it\u2019s Sofia'.replace('\u2019', "'"), lead)).toBe('Sofia');
    expect(afterLeading('Sofia Castellanos', lead)).toBe('Sofia Castellanos');
    expect(afterLeading('Errol Flynn', lead)).toBe('Errol Flynn');
    expect(afterLeading('er, Errol', lead)).toBe('Errol');
  });

  it.each(['Sonja Berg', 'Eros Ramazzotti', 'Umaima Qureshi', 'Ahanu Brightwater', 'Ole Gunnar', 'Wellington Mbeki'])(
    'keeps %s whole',
    (name) => {
      expect(
        call(['A: What is your name?', `C: ${name}.`, 'A: And the problem?', 'C: My drain is clogged.']).name,
      ).toBe(name);
    },
  );
});

describe('turn-aware slots with corrections', () => {
  it('joins a surname given in a later turn, keeps hyphens and accents', () => {
    const lead = call([
      'A: First name?',
      "C: It's Renée.",
      'A: And your last name?',
      'C: Müller-Lüdenscheidt.',
      'C: The kitchen drain is clogged.',
    ]);
    expect(lead.name).toBe('Renée Müller-Lüdenscheidt');
  });

  it('replaces a corrected number as a whole, across a backchannel, never splicing digits', () => {
    const lead = call([
      'A: How can I help?',
      'C: The bathroom sink drain is clogged.',
      'A: Best number?',
      'C: five one two, five five five, zero one four one. Actually, scratch that, use my work line, five one two',
      'A: Go on.',
      'C: five five five, zero one six nine.',
    ]);
    expect(lead.phone).toBe('+15125550169');
  });

  it('takes a corrected e-mail and a corrected time', () => {
    const lead = call([
      'A: How can I help?',
      'C: My drain is clogged.',
      'A: Email?',
      "C: pat at gmail dot com, no wait, it's pat dot lee at gmail dot com.",
      'A: When works?',
      'C: Thursday at ten. No wait, make it Friday at ten.',
    ]);
    expect(lead.email).toBe('pat.lee@gmail.com');
    expect(lead.preferredTime).toBe('2026-06-12T10:00:00-05:00');
  });
});

describe('service over the business list', () => {
  const locks = ['lockout service', 'lock installation', 'rekeying'];
  it('locked out is the lockout service, not lock installation', () => {
    expect(call(['A: How can I help?', "C: I locked my keys in the house and I'm stuck outside."], locks).service).toBe(
      'lockout service',
    );
  });
  it('sparks from the panel are emergency electrical work, not outlet repair', () => {
    const lead = call(
      ['A: How can I help?', 'C: There are sparks coming out of the breaker panel and the outlets are dead.'],
      ['outlet repair', 'emergency electrical', 'panel upgrade'],
      '2026-06-09T03:00:00Z',
    );
    expect(lead).toMatchObject({ service: 'emergency electrical', urgency: 'emergency' });
  });
  it('a move the caller packs themselves is not packing', () => {
    const lead = call(
      ['A: How can I help?', "C: We're moving out of state to Ohio, we will do the packing ourselves."],
      ['local move', 'long-distance move', 'packing'],
    );
    expect(lead.service).toBe('long-distance move');
  });
  it('a "no" to a symptom question keeps what the caller described; a "no" to an offer turns it down', () => {
    const electric = ['panel upgrade', 'outlet repair', 'lighting installation'];
    const symptom = call(
      [
        'A: How can I help?',
        'C: The breaker keeps tripping and two outlets in the kitchen stopped working.',
        'A: Any burning smell or scorch marks on the outlets?',
        'C: No, nothing like that.',
      ],
      electric,
    );
    expect(symptom.service).toBe('outlet repair');
    const moves = ['local move', 'packing'];
    const offer = call(
      [
        'A: How can I help?',
        'C: We are moving across town next month, a two bedroom, and we need boxes packed.',
        'A: Do you also need packing?',
        'C: No, actually, we will manage.',
      ],
      moves,
    );
    expect(offer.service).toBe('local move');
  });
  it('says nothing rather than a wrong service', () => {
    expect(
      call(['A: How can I help?', 'C: I have a question about something else entirely, can someone call me?'], locks)
        .service,
    ).toBeNull();
  });
});

describe('urgency scale and preferred time', () => {
  it('no rush is low; a deadline within days is high and is not the preferred time', () => {
    expect(call(['A: How can I help?', 'C: The drain is slow, no rush at all, whenever you have time.']).urgency).toBe(
      'low',
    );
    const deadline = call([
      'A: How can I help?',
      'C: The drain is clogged and my in-laws arrive on Friday, I need it done before then.',
    ]);
    expect(deadline).toMatchObject({ urgency: 'high', preferredTime: null });
  });
  it('a child in danger makes it an emergency', () => {
    expect(
      call(['A: How can I help?', "C: There's a bee swarm by the door and my toddler is allergic."], ['bee removal'])
        .urgency,
    ).toBe('emergency');
  });
  it('reads urgency as a scale from evidence: calm, far and near deadlines, pain, danger, history', () => {
    const u = (line: string, calledAt?: string) =>
      call(['A: How can I help?', `C: ${line}`], undefined, calledAt).urgency;
    expect(u("The drain's slow. It can wait till next week, honestly.")).toBe('low');
    expect(u("There's a leak under the sink but I don't need it fixed until Monday, regular hours are fine.")).toBe(
      'normal',
    );
    expect(u('I need the drain cleared before the home inspection on Friday.')).toBe('high');
    expect(u("I have a hearing next Tuesday and my lawyer just dropped my case, the drain's a mess too.")).toBe('high');
    expect(u("Closing isn't until the end of August, we need the drain looked at before.")).toBe('normal');
    expect(u('My back tooth is throbbing, I did not sleep at all.')).toBe('high');
    expect(u("Our AC died and it's supposed to be ninety five today, can someone come tomorrow?")).toBe('high');
    expect(u("The heat stopped working, it's fifty in the house and we have a three month old.")).toBe('emergency');
    expect(u("Water is shooting out from under the sink and I can't find the shutoff!")).toBe('emergency');
    expect(u('My dog just ate a whole bar of dark chocolate.')).toBe('emergency');
    expect(u("There's a wasp nest by the door and my son is allergic, he was in the ER last summer.")).toBe(
      'emergency',
    );
    expect(u('We had water coming in last year, it was fixed; now I just want the drain cleaned.')).toBe('normal');
    expect(u('The storm knocked out our power for a day, now the sump drain is slow.')).toBe('normal');
  });
  it("a short yes to the agent's question carries the evidence the question names; a no adds nothing", () => {
    const yes = call([
      'A: How can I help?',
      'C: A pipe under the sink came loose.',
      'A: Is water still coming out right now?',
      'C: Yes!',
    ]);
    expect(yes.urgency).toBe('emergency');
    const no = call([
      'A: How can I help?',
      'C: A pipe under the sink came loose.',
      'A: Is water still coming out right now?',
      'C: No, I shut it off.',
    ]);
    expect(no.urgency).toBe('normal');
  });
  it('a day the caller rules out is not the preferred time', () => {
    const lead = call([
      'A: How can I help?',
      'C: The drain is slow. No need to send anyone tonight, tomorrow afternoon is fine.',
    ]);
    expect(lead).toMatchObject({ preferredTime: '2026-06-10T13:00:00-05:00', preferredTimeDateOnly: true });
  });
  it('invents no time when no day was given', () => {
    expect(call(['A: How can I help?', 'C: My drain is clogged. Mornings are best for me.']).preferredTime).toBeNull();
  });
  it('takes a time the agent offers once the caller accepts it', () => {
    const lead = call([
      'A: How can I help?',
      'C: My drain is clogged.',
      'A: We have Thursday at 1:30.',
      'C: That works.',
    ]);
    expect(lead).toMatchObject({ preferredTime: '2026-06-11T13:30:00-05:00', preferredTimeDateOnly: false });
  });
});

describe('not a lead', () => {
  it('an existing client asking about booked work', () => {
    expect(
      call([
        'A: How can I help?',
        "C: Your plumber came Tuesday to fix the leak, I'm just checking when he's coming back to finish.",
      ]).isLead,
    ).toBe(false);
  });
  it('a past client with a new problem is a lead', () => {
    expect(
      call([
        'A: How can I help?',
        'C: Your guys fixed our leak last year, and now the kitchen drain is clogged. Can someone come out?',
      ]).isLead,
    ).toBe(true);
  });
  it('a wrong number the agent corrects', () => {
    expect(
      call(['A: Test Co, how can I help?', "C: Is this St. Mary's clinic?", 'A: No, this is Test Co.', 'C: Oh, sorry.'])
        .isLead,
    ).toBe(false);
  });
});
