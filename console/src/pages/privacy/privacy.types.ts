/** The part of GET /businesses/:id the privacy page reads (its OpenAPI response is undeclared). */
export interface PrivacySettings {
  name: string;
  retentionDays: number;
  leadRetention: 'keep_fields' | 'delete';
  legalHold: boolean;
  closingAt: string | null;
  purgeAfter: string | null;
}

export const SYSTEM_NAMES: Record<string, string> = {
  database: 'Leadline',
  twilio: 'Twilio (recordings)',
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  google: 'Google Calendar',
};

export const STATE_VARIANT: Record<string, 'success' | 'danger' | 'neutral' | 'warning'> = {
  done: 'success',
  failed: 'danger',
  pending: 'neutral',
  running: 'warning',
  unsupported: 'neutral',
};
