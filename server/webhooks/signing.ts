import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decryptSecret, encryptSecret, type Keyring, secretSlot } from '../crypto/secrets.ts';

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const sealSigningSecret = (keys: Keyring, endpointId: string, secret: string, field = 'secret') =>
  encryptSecret(keys, secret, secretSlot('WebhookEndpoint', endpointId, field));

export const openSigningSecret = (keys: Keyring, endpointId: string, sealed: string, field = 'secret') =>
  decryptSecret(keys, sealed, secretSlot('WebhookEndpoint', endpointId, field));

/**
 * The Standard Webhooks headers for one attempt. Every given secret signs (space-separated `v1,…`), so a
 * receiver that still has the previous secret during a rotation keeps verifying.
 */
export function signedHeaders(
  secrets: string[],
  msgId: string,
  body: string,
  at = new Date(),
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const signatures = secrets.map((s) => new Webhook(s).sign(msgId, at, body));
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
