export { createGoogleCalendarConnector, LEDGER_EVENT, type GoogleCalendarConnectorConfig } from './connector.ts';
export { createGoogleCalendarOAuth, GOOGLE_CALENDAR_SCOPES, grantFromCredentials } from './oauth.ts';
export { classifyGoogleError } from './errors.ts';
export { eventIdFor, leadToEvent } from './mapping.ts';
