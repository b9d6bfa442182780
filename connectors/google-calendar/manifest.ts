import { z } from 'zod';
import { defineManifest, envOptional, envUrl } from '../manifest.ts';
import { createGoogleCalendarConnector } from './connector.ts';
import { GOOGLE_CALENDAR_SCOPES } from './oauth.ts';

export const googleCalendarManifest = defineManifest({
  provider: 'google-calendar',
  displayName: 'Google Calendar',
  capabilities: ['calendar'],
  env: {
    GOOGLE_CLIENT_ID: envOptional(z.string()),
    GOOGLE_CLIENT_SECRET: envOptional(z.string()),
    GOOGLE_OAUTH_BASE_URL: envUrl.default('https://accounts.google.com'),
    /** Unset: https://oauth2.googleapis.com/token. */
    GOOGLE_TOKEN_URL: envOptional(envUrl),
    GOOGLE_API_BASE_URL: envUrl.default('https://www.googleapis.com'),
  },
  credentials: { clientId: 'GOOGLE_CLIENT_ID', clientSecret: 'GOOGLE_CLIENT_SECRET' },
  // Per-user quota of about 600 requests per minute; 10 per second stays inside it.
  limits: { calendar: { max: 10, windowMs: 1_000, marginMs: 50 } },
  settings: z.object({
    /** Invite the lead as an attendee. */
    inviteAttendees: z.boolean().optional(),
    /** Event length in minutes. */
    appointmentMinutes: z.number().int().min(5).max(480).optional(),
  }),
  outcomeIds: { event: 'event' },
  scopes: { required: GOOGLE_CALENDAR_SCOPES },
  erasure: { supported: true, how: 'delete of the events Leadline created (events.delete, no notifications)' },
  lazyPackages: ['@googleapis/calendar', 'google-auth-library'],
  create: (env, client) =>
    createGoogleCalendarConnector({
      ...client,
      oauthBaseUrl: env.GOOGLE_OAUTH_BASE_URL,
      ...(env.GOOGLE_TOKEN_URL ? { tokenUrl: env.GOOGLE_TOKEN_URL } : {}),
      apiBaseUrl: env.GOOGLE_API_BASE_URL,
    }),
});
