/** Leads, calls and works for the Salesforce and Google Calendar connector tests. */
import type { BusinessPayload, CallPayload, LeadPayload, SyncWork } from '../connectors/types.ts';

export function lead(over: Partial<LeadPayload> = {}): LeadPayload {
  return {
    id: 'lead-1',
    name: 'Maria Elena Ruiz',
    phone: '+14155550123',
    email: 'maria@example.com',
    reason: 'Furnace makes a banging noise',
    service: 'Furnace repair',
    urgency: 'high',
    temperature: 'Hot',
    preferredTime: '2026-03-10T14:00:00-08:00',
    preferredTimeDateOnly: false,
    address: '500 Castro St, San Francisco',
    summary: 'Caller hears banging from the furnace and wants a technician tomorrow afternoon.',
    customFields: {},
    createdAt: '2026-03-09T18:00:00Z',
    ...over,
  };
}

export function call(over: Partial<CallPayload> = {}): CallPayload {
  return {
    id: 'call-1',
    direction: 'inbound',
    status: 'completed',
    from: '+14155550123',
    to: '+14155559999',
    startedAt: '2026-03-10T06:30:00Z',
    durationSeconds: 187.4,
    recordingUrl: null,
    transcript: [
      { speaker: 'agent', text: 'Bay Heating, how can I help?' },
      { speaker: 'caller', text: 'My furnace bangs every time it starts. Call me at [PHONE].' },
    ],
    ...over,
  };
}

export const business: BusinessPayload = { id: 'biz-1', name: 'Bay Heating', timezone: 'America/Los_Angeles' };

export function work(n: number, leadOver: Partial<LeadPayload> = {}, withCall = true): SyncWork {
  const l = lead({ id: `lead-${n}`, ...leadOver });
  return { key: `work-${n}`, lead: l, call: withCall ? call({ id: `call-${n}` }) : null, business };
}
