import crypto from 'node:crypto';

// Standard Webhooks (standardwebhooks.com), which Svix, Clerk and others use, so
// receivers can verify with an existing library: headers webhook-id,
// webhook-timestamp (Unix seconds) and webhook-signature "v1,<base64 HMAC-SHA256
// of `${id}.${timestamp}.${body}`>", the key being the secret's bytes after "whsec_".

export const newWebhookSecret = () => `whsec_${crypto.randomBytes(24).toString('base64')}`;

export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function webhookHeaders(secret: string, id: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureOf(secret, id, timestamp, body), 'user-agent': 'Touchpoint-Webhooks/1' };
}
