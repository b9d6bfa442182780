/** Shapes of the API answers the call page reads. */
export interface CallView {
  id: string;
  businessId: string;
  from: string | null;
  to: string | null;
  status: string;
  startedAt: string;
  durationSeconds: number | null;
  endReason: string | null;
  leadId: string | null;
  consent: {
    outcome: string;
    attempts: number;
    method: string | null;
    promptText: string;
    askedAt: string | null;
    answeredAt: string | null;
  } | null;
  recording: { seconds: number | null; status: string | null; url: string | null } | null;
  transcript: { speaker: string; text: string; at: string }[];
}

export interface SyncView {
  provider: string;
  status: 'pending' | 'synced' | 'failed' | 'parked';
  deepLink: string | null;
  error: string | null;
  attempts: number;
  syncedAt: string | null;
}

export interface LeadView {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  reason: string | null;
  service: string | null;
  urgency: string | null;
  temperature: string | null;
  preferredTime: string | null;
  address: string | null;
  summary: string;
  sync: SyncView[];
}

export interface TriageView {
  handledAt: string | null;
  handledBy: { id: string; name: string | null } | null;
  assigneeId: string | null;
  notes: { id: string; body: string; createdAt: string; author: { id: string; name: string | null } }[];
}

export interface Member {
  accountId: string;
  email: string;
  name: string | null;
  role: string;
}

export const PROVIDER_NAMES: Record<string, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  'google-calendar': 'Google Calendar',
};
