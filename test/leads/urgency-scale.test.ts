import { describe, expect, it } from 'vitest';
import type { TranscriptTurn } from '../../server/leads/lead.schema.ts';
import { extractOffline } from '../../server/leads/extract/offline/index.ts';
import { classifyUrgency } from '../../server/leads/extract/offline/urgency.ts';

/** The urgency scale's kinds of evidence, one phrase each (none of these is in the unseen set). */
describe('urgency: denials', () => {
  it.each([
    ["I don't think it's an emergency, the heater just makes a popping noise", 'normal'],
    ["nobody's allergic, but there's a wasp nest in the hedge", 'normal'],
    ['no one here is allergic to the bees in the wall', 'normal'],
    // A denial of one occurrence leaves the others: "nobody's hurt" does not deny the pain that follows.
    ["nobody's hurt, but my wrist hurts and I need it seen today", 'high'],
  ])('%s → %s', (text, urgency) => {
    expect(classifyUrgency(text, null)).toBe(urgency);
  });
});

describe('urgency: damage now, damage done', () => {
  it('water escaping now is an emergency; shut off or a small drip is not', () => {
    expect(classifyUrgency('water is spraying out of the pipe in the garage', null)).toBe('emergency');
    expect(classifyUrgency('water was spraying everywhere but we turned the main off', null)).toBe('normal');
    expect(
      classifyUrgency("water's pouring out, I turned off the valve but it's still dripping everywhere", null),
    ).toBe('emergency');
    expect(classifyUrgency('the pipe under the sink is leaking a little, just a small puddle', null)).toBe('normal');
  });

  it('a tree on a building is an emergency, on a fence it is not', () => {
    expect(classifyUrgency('a big oak fell on our garage last night', null)).toBe('emergency');
    expect(classifyUrgency('a small tree fell across the back fence', null)).toBe('normal');
  });

  it('someone who cannot wait out a failure is in the home even when told in a past clause', () => {
    expect(classifyUrgency('we brought the baby home last week and the boiler quit', null)).toBe('emergency');
    expect(classifyUrgency('the boiler quit', null)).toBe('normal');
  });
});

describe('urgency: the hour of the call', () => {
  const turns: TranscriptTurn[] = [
    { speaker: 'agent', text: 'KeyPro Locksmith, how can I help?' },
    { speaker: 'caller', text: "I'm locked out of my apartment, my keys are inside." },
    { speaker: 'agent', text: 'Your name?' },
    { speaker: 'caller', text: 'Dana Reyes.' },
  ];
  const business = {
    name: 'KeyPro Locksmith',
    industry: 'locksmith',
    timezone: 'America/Los_Angeles',
    services: ['lockout service', 'lock installation', 'rekeying'],
  };
  const at = (calledAt: string) =>
    extractOffline(turns, business, { calledAt, from: '+13235550100', to: '+13235550199' });

  it('a lockout is high by day and an emergency after dark, in the business’s own zone', () => {
    expect(at('2026-04-15T20:00:00Z').urgency).toBe('high'); // 1 pm in Los Angeles
    expect(at('2026-04-16T06:30:00Z').urgency).toBe('emergency'); // 11:30 pm in Los Angeles
  });
});

describe('urgency: deadlines and calm', () => {
  it('a deadline within two weeks is high, a far one is not low', () => {
    expect(classifyUrgency('my policy lapses on the fifteenth', null, 3)).toBe('high');
    expect(classifyUrgency("my court date isn't until May, I want a lawyer lined up", null, null)).toBe('normal');
  });

  it.each([
    'it can sit for a while, I have another laptop',
    "it's not the end of the world, there's a laundromat nearby",
    'no real time frame, just shopping around',
    "the wedding's not until October, I just want to lock in a spot early",
    'sometime in the next week or two is fine',
  ])('%s → low', (text) => {
    expect(classifyUrgency(text, null)).toBe('low');
  });

  it('a month offered for the work is far off or not by the month of the call', () => {
    expect(classifyUrgency("I'd like a spring cleanup, maybe April?", null, null, { month: 2 })).toBe('low');
    expect(classifyUrgency("I'd like a spring cleanup, maybe April?", null, null, { month: 4 })).toBe('normal');
    // When something else is in that month, the work is not wanted then.
    expect(classifyUrgency('he starts the new job in August, we want to sell', null, null, { month: 3 })).toBe(
      'normal',
    );
  });

  it('a business that cannot operate is high', () => {
    expect(classifyUrgency("the till in our shop is dead and we can't take payments", null)).toBe('high');
  });
});
