/** Builders for leads, calls and works used across the HubSpot connector tests. */
import type { CallPayload, LeadPayload, SyncWork } from '../connectors/types.ts';

export function lead(over: Partial<LeadPayload> = {}): LeadPayload {
  return {
    id: 'lead-1',
    name: 'Dana Scully',
    phone: '+15550000001',
    email: 'dana@example.com',
    reason: 'Leaking water heater',
    service: 'Water heater repair',
    urgency: 'high',
    temperature: 'Hot',
    preferredTime: '2026-03-10T14:00:00-05:00',
    preferredTimeDateOnly: false,
    address: '12 Elm St, Springfield',
    summary: 'Caller reports a leaking water heater and wants a visit tomorrow afternoon.',
    customFields: {},
    createdAt: '2026-03-09T15:00:00Z',
    ...over,
  };
}

export function call(over: Partial<CallPayload> = {}): CallPayload {
  return {
    id: 'call-1',
    direction: 'inbound',
    status: 'completed',
    from: '+15550000001',
    to: '+15559990000',
    startedAt: '2026-03-09T14:55:00Z',
    durationSeconds: 125,
    recordingUrl: null,
    transcript: [
      { speaker: 'agent', text: 'Thanks for calling Acme Plumbing, how can I help?' },
      { speaker: 'caller', text: 'My water heater is leaking <badly> & I need help.' },
    ],
    ...over,
  };
}

export function work(
  n: number,
  over: { lead?: Partial<LeadPayload>; call?: Partial<CallPayload> | null } = {},
): SyncWork {
  const pad = String(n).padStart(4, '0');
  return {
    key: `work-${n}`,
    lead: lead({ id: `lead-${n}`, email: `lead${n}@example.com`, phone: `+1555100${pad}`, ...over.lead }),
    call: over.call === null ? null : call({ id: `call-${n}`, from: `+1555100${pad}`, ...over.call }),
    business: { id: 'biz-1', name: 'Acme Plumbing', timezone: 'America/Chicago' },
  };
}
