export {
  createSalesforceConnector,
  DEFAULT_API_VERSION,
  DEFAULT_LOGIN_URL,
  type SalesforceConnectorConfig,
} from './connector.ts';
export {
  createSalesforceOAuth,
  grantFromTokenResponse,
  SALESFORCE_DEFAULT_SESSION_MS,
  SALESFORCE_SCOPES,
} from './oauth.ts';
export { classifySalesforceError } from './errors.ts';
export { leadToSObject, callToTask, DEFAULT_FIELD_MAPPING } from './mapping.ts';
export { salesforceManifest } from './manifest.ts';
