export { createGoogleCalendarConnector, LEDGER_EVENT, type GoogleCalendarConnectorConfig } from './connector.ts';
export {
  createGoogleCalendarOAuth,
  GOOGLE_CALENDAR_SCOPES,
  GOOGLE_EMAIL_SCOPE,
  googleIdentity,
  grantFromCredentials,
  type GoogleIdentity,
} from './oauth.ts';
export { classifyGoogleError } from './errors.ts';
export { eventIdFor, leadToEvent } from './mapping.ts';
export { googleCalendarManifest } from './manifest.ts';
