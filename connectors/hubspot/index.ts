export { createHubspotConnector, HUBSPOT_MAX_BATCH, type HubspotConnectorConfig } from './connector.ts';
export {
  classifyHubspotError,
  DEFAULT_API_BASE_URL as HUBSPOT_API_BASE_URL,
  DEFAULT_APP_BASE_URL as HUBSPOT_APP_BASE_URL,
} from './client.ts';
export {
  contactProperties,
  callProperties,
  DEFAULT_FIELD_MAPPING as HUBSPOT_DEFAULT_FIELD_MAPPING,
} from './mapping.ts';
export { hubspotManifest } from './manifest.ts';
