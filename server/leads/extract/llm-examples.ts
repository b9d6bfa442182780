import type { BusinessContext, CallContext, TranscriptTurn } from '../lead.schema.ts';
import type { LlmLead } from './llm-schema.ts';

/**
 * Few-shot examples for the extraction prompt, copied from the development part of the unseen-call set
 * (test/leads/cases/unseen/dev.json, same ids; a test keeps them equal). Never from the held-out part.
 * Chosen for what models get wrong: a number corrected and re-dictated over turns, an existing client (not a
 * lead), an emergency where the caller ID is the number.
 */
export interface FewShotExample extends CallContext {
  id: string;
  business: BusinessContext;
  transcript: TranscriptTurn[];
  answer: LlmLead;
}

export const FEW_SHOT: FewShotExample[] = [
  {
    id: 'dv77-plumb-toilet-scratch-that-number',
    business: {
      name: 'Rapid Rooter Plumbing',
      industry: 'plumbing',
      timezone: 'America/Chicago',
      services: ['drain cleaning', 'leak repair', 'water heater repair', 'sewer line repair', 'fixture installation'],
    },
    calledAt: '2026-08-04T15:00:00Z',
    from: '+15125550145',
    to: '+15125550100',
    transcript: [
      {
        speaker: 'agent',
        text: 'Rapid Rooter Plumbing, how can I help?',
      },
      {
        speaker: 'caller',
        text: "Hi, our upstairs toilet keeps running and now there's a little puddle around the base. We'd like a new toilet put in actually, it's ancient.",
      },
      {
        speaker: 'agent',
        text: 'We can install a new one. Your name?',
      },
      {
        speaker: 'caller',
        text: 'Eamon Reilly.',
      },
      {
        speaker: 'agent',
        text: 'Best number?',
      },
      {
        speaker: 'caller',
        text: "five one two, five five five, zero one four five. Actually, scratch that, use my wife's, she's home during the day. Five one two",
      },
      {
        speaker: 'agent',
        text: 'Mm-hmm.',
      },
      {
        speaker: 'caller',
        text: 'five five five, zero one three eight.',
      },
      {
        speaker: 'agent',
        text: 'Got it. When would you like us?',
      },
      {
        speaker: 'caller',
        text: 'Friday at nine.',
      },
    ],
    answer: {
      isLead: true,
      name: 'Eamon Reilly',
      phone: '+15125550138',
      email: null,
      reason: 'Wants the old running toilet replaced with a new one.',
      service: 'fixture installation',
      urgency: 'normal',
      temperature: 'Warm',
      preferredLocalTime: '2026-08-07T09:00',
      preferredTimeDateOnly: false,
      address: null,
      summary:
        'Eamon Reilly wants a new toilet installed; the old one runs and leaks at the base. Call his wife on the corrected number; Friday at 9.',
      customFields: [],
    },
  },
  {
    id: 'dv44-auto-existing-car-ready',
    business: {
      name: 'Main Street Auto',
      industry: 'auto repair',
      timezone: 'America/Chicago',
      services: [
        'brake repair',
        'oil change',
        'check engine diagnostics',
        'tire replacement',
        'transmission repair',
        'AC recharge',
      ],
    },
    calledAt: '2026-10-13T20:00:00Z',
    from: '+16155550139',
    to: '+16155550100',
    transcript: [
      {
        speaker: 'agent',
        text: 'Main Street Auto, how can I help?',
      },
      {
        speaker: 'caller',
        text: "Hi, I dropped my Camry off yesterday for the AC, just wondering if it's ready yet. Name's Rhonda Pierce.",
      },
      {
        speaker: 'agent',
        text: 'Let me check with the shop and call you back.',
      },
      {
        speaker: 'caller',
        text: 'Okay thanks.',
      },
    ],
    answer: {
      isLead: false,
      name: null,
      phone: null,
      email: null,
      reason: 'Existing customer asking whether their car, dropped off yesterday, is ready.',
      service: null,
      urgency: null,
      temperature: null,
      preferredLocalTime: null,
      preferredTimeDateOnly: false,
      address: null,
      summary: 'Existing customer (Rhonda Pierce) checking on her Camry dropped off for AC work; not a new lead.',
      customFields: [],
    },
  },
  {
    id: 'dv15-lock-locked-out-baby-inside',
    business: {
      name: 'KeyPro Locksmith',
      industry: 'locksmith',
      timezone: 'America/Los_Angeles',
      services: ['lockout service', 'lock installation', 'rekeying', 'car key replacement', 'safe opening'],
    },
    calledAt: '2026-09-08T21:00:00Z',
    from: '+12135550163',
    to: '+12135550100',
    transcript: [
      {
        speaker: 'agent',
        text: 'KeyPro Locksmith, how can I help?',
      },
      {
        speaker: 'caller',
        text: 'please, I locked myself out of the house and my baby is inside asleep, I need someone now!',
      },
      {
        speaker: 'agent',
        text: "We're sending someone right away. If you feel the baby is in danger call 911. Name?",
      },
      {
        speaker: 'caller',
        text: 'Ana Lucía Reyes.',
      },
      {
        speaker: 'agent',
        text: 'Address?',
      },
      {
        speaker: 'caller',
        text: '219 Alvarado Street, Los Angeles.',
      },
      {
        speaker: 'agent',
        text: 'Phone?',
      },
      {
        speaker: 'caller',
        text: "this one, the one I'm calling from.",
      },
    ],
    answer: {
      isLead: true,
      name: 'Ana Lucía Reyes',
      phone: '+12135550163',
      email: null,
      reason: 'Locked out of the house with a baby asleep inside.',
      service: 'lockout service',
      urgency: 'emergency',
      temperature: 'Hot',
      preferredLocalTime: null,
      preferredTimeDateOnly: false,
      address: '219 Alvarado Street, Los Angeles',
      summary:
        'Ana Lucía Reyes is locked out with her baby asleep inside; technician dispatched to 219 Alvarado Street.',
      customFields: [],
    },
  },
];
