/**
 * The one place environment variables are read. Everything is validated at start; each problem gets one
 * clear line. Defaults make `npm start` work with no configuration at all (embedded database, offline
 * extraction, mail to the local outbox).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BUILT_IN_MANIFESTS, checkManifests, envNamesOf, type ConnectorManifest } from '../connectors/index.ts';
import { envOptional as optional, envUrl as url } from '../connectors/manifest.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Leadline's own variables; the connectors' come from their manifests. */
const coreEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')),
  /** The URL Twilio, OAuth providers and browsers reach us at. Twilio signs this, not the proxied URL. */
  PUBLIC_BASE_URL: optional(url),
  /** 32 bytes, base64. Encrypts OAuth tokens at rest. */
  ENCRYPTION_KEY: optional(
    z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  ),
  /** Older keys still able to decrypt, `id:base64,id:base64`, for rotation. */
  ENCRYPTION_KEYS_OLD: optional(z.string()),
  JWT_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  WORKER: bool.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),

  TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')),
  TWILIO_AUTH_TOKEN: optional(z.string().min(16)),
  TWILIO_API_BASE_URL: optional(url),
  /** Days a detached number rests before another business may attach it (its old callers still dial it). */
  NUMBER_QUARANTINE_DAYS: z.coerce.number().min(0).max(365).default(30),
  /** How long the recording proxy waits for Twilio's answer, and then for each next chunk of audio. */
  RECORDING_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),

  OPENAI_API_KEY: optional(z.string().min(10)),
  OPENAI_BASE_URL: optional(url),
  OPENAI_REALTIME_MODEL: z.string().default('gpt-realtime'),
  OPENAI_TRANSCRIPTION_MODEL: z.string().default('gpt-4o-mini-transcribe'),
  OPENAI_EXTRACTION_MODEL: z.string().default('gpt-4o-mini'),
  /** PEM file trusted for the Realtime WebSocket (local test servers with a self-signed certificate). */
  OPENAI_REALTIME_CA_FILE: optional(z.string()),

  // CRM and calendar connectors: each manifest's `env` (connectors/*/manifest.ts), added in loadConfig.
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_/, 'must start with sk_ or rk_')),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_/, 'must start with whsec_')),
  /** Where the Stripe SDK sends requests (a local server speaking Stripe's API in tests). */
  STRIPE_API_BASE_URL: optional(url),
  /** Stripe Price ids: the plans' monthly subscriptions and the one-time minute pack. */
  STRIPE_PRICE_STARTER: optional(z.string().regex(/^price_/, 'must start with price_')),
  STRIPE_PRICE_PRO: optional(z.string().regex(/^price_/, 'must start with price_')),
  STRIPE_PRICE_BUSINESS: optional(z.string().regex(/^price_/, 'must start with price_')),
  STRIPE_PRICE_TOPUP: optional(z.string().regex(/^price_/, 'must start with price_')),
  /** Days an unpaid invoice leaves the business answering before it is restricted. */
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')),
  /**
   * Without SMTP_URL, keep whole mails (codes and links included) in the OutboxEmail table to read them
   * locally. Development only: production refuses to start without SMTP_URL unless this is set explicitly.
   */
  MAIL_DEV_OUTBOX: optional(bool),
  MAIL_FROM: z.string().default('Leadline <no-reply@leadline.local>'),
  /** Log-in, sign-up, refresh and reset attempts per client IP per minute. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /**
   * How many proxies (load balancer, CDN) stand between clients and this process; Express then takes the client
   * address from that far back in X-Forwarded-For. Rate limits and audit rows key on it: too high lets a client
   * name any address (and dodge every limit), too low puts all clients behind one proxy address. Required in
   * production, so it is a decision, not a default.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),

  // Privacy (server/privacy): what the retention sweep keeps, and for how long.
  /** Audit log entries are kept this long, longer than any business's retention. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(730),
  /** Delivered mail (its outbox row) is deleted after this many days. */
  MAIL_RETENTION_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  /** Rows per delete statement in the sweep: small enough that no statement holds locks for long. */
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(500),
  /**
   * Share of one database connection the sweep may use: after each statement it rests (1 − d)/d times as
   * long as the statement took (0.5: as long again). 1 = no rest (a one-off `leadline retention run` at night).
   */
  RETENTION_DUTY: z.coerce.number().min(0.05).max(1).default(0.5),
  /** Days a closed business can be reopened before its data is deleted (the daily sweep then deletes it). */
  CLOSURE_GRACE_DAYS: z.coerce.number().int().min(0).max(28).default(14),
  /** Lifetime of a recording link minted for one view; at most an hour. */
  RECORDING_LINK_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
  /** A data-subject request step that is pending (a CRM failing, a sync in flight) is retried this often… */
  PRIVACY_MAX_ATTEMPTS: z.coerce.number().int().min(0).max(50).default(14),
  /** …after 2^attempt × this many milliseconds (capped at 10 minutes). */
  PRIVACY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  /** Rows one lead-list CSV may hold (campaigns); a bigger file is refused with 413 and nothing is written. */
  LEAD_LIST_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  /** Outgoing webhooks may go to loopback receivers (development and tests only; nothing else private). */
  WEBHOOKS_ALLOW_LOOPBACK: bool.default(false),
  /** DNS servers for webhook hosts (`host:port,…`); unset: the system resolver. */
  WEBHOOKS_DNS_SERVERS: optional(z.string()),
  /** One webhook request, connect to last byte. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5000),
  /** Webhook requests in flight per worker process. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  /** An endpoint failing this long without one success is disabled and its admins e-mailed. */
  WEBHOOK_DISABLE_AFTER_DAYS: z.coerce.number().min(0.001).max(60).default(5),
  /** Sent (or given-up) webhook events, their deliveries and delivery log are deleted after this many days. */
  WEBHOOK_EVENT_RETENTION_DAYS: z.coerce.number().int().min(4).max(365).default(30),
  /** Deliberate HTTP server limits (Node's defaults hold a trickled body for 300 s). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(30_000),
  /** Idle keep-alive sockets; behind a load balancer, set it above the balancer's idle timeout. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
};

type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type EnvOf<M> = M extends { env: infer S extends z.ZodRawShape } ? z.output<z.ZodObject<S>> : never;
/** The built-in connectors' variables, typed; an added manifest's are in the configuration too, by name. */
type ConnectorEnv = Intersect<EnvOf<(typeof BUILT_IN_MANIFESTS)[number]>>;

export type Env = z.output<z.ZodObject<typeof coreEnv>> & ConnectorEnv;

/** Every variable Leadline reads: its own and the given connectors'. */
export function envNames(connectors: readonly ConnectorManifest[] = BUILT_IN_MANIFESTS): string[] {
  return [...Object.keys(coreEnv), ...envNamesOf(connectors)];
}

export interface Config extends Omit<Env, 'ENCRYPTION_KEY' | 'JWT_SECRET' | 'PUBLIC_BASE_URL'> {
  PUBLIC_BASE_URL: string;
  /** The registered connector manifests (built-in unless loadConfig was given others); each one's variables are above. */
  connectors: readonly ConnectorManifest[];
  /** keyId → 32-byte key; `currentKeyId` encrypts, all decrypt. */
  encryptionKeys: Map<string, Buffer>;
  currentKeyId: string;
  jwtSecret: Buffer;
  dataDir: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Secrets that must exist; in development they are made once and kept under DATA_DIR, with a warning. */
function devSecret(dataDir: string, file: string, make: () => string, warn: (m: string) => void): string {
  const p = path.join(dataDir, file);
  if (existsSync(p)) return readFileSync(p, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = make();
  writeFileSync(p, value + '\n', { mode: 0o600 });
  warn(`${file} was not configured: generated one and kept it in ${p} (development only)`);
  return value;
}

/**
 * `connectors`: the manifests this process knows; the built-in ones unless an integrator adds its own
 * (`[...BUILT_IN_MANIFESTS, mine]`). Their variables are validated here like Leadline's own.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  warn: (m: string) => void = (m) => console.warn(`warning: ${m}`),
  connectors: readonly ConnectorManifest[] = BUILT_IN_MANIFESTS,
): Config {
  checkManifests(connectors, Object.keys(coreEnv));
  const schema = z.object(Object.assign({}, coreEnv, ...connectors.map((m) => m.env)) as typeof coreEnv);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data as Env;
  const byName = parsed.data as Record<string, unknown>;
  const problems: string[] = [];
  const dataDir = path.resolve(e.DATA_DIR);
  const prod = e.NODE_ENV === 'production';
  if (prod && !e.ENCRYPTION_KEY)
    problems.push('ENCRYPTION_KEY: required in production (32 bytes, base64: `openssl rand -base64 32`)');
  if (prod && !e.JWT_SECRET) problems.push('JWT_SECRET: required in production (at least 32 random characters)');
  if (prod && !e.PUBLIC_BASE_URL)
    problems.push('PUBLIC_BASE_URL: required in production (the https URL Twilio and OAuth providers call)');
  if (prod && (env.TRUST_PROXY === undefined || env.TRUST_PROXY === ''))
    problems.push(
      'TRUST_PROXY: required in production: 0 when clients connect to this process directly, else the number of proxies in front (1 behind one load balancer)',
    );
  if (prod && e.WEBHOOKS_ALLOW_LOOPBACK)
    problems.push('WEBHOOKS_ALLOW_LOOPBACK: development and tests only, never in production');
  if (prod && !e.SMTP_URL && e.MAIL_DEV_OUTBOX !== true)
    problems.push(
      'SMTP_URL: required in production (mail holds codes and links; MAIL_DEV_OUTBOX=true keeps it in the database instead, for development only)',
    );
  if (Boolean(e.TWILIO_ACCOUNT_SID) !== Boolean(e.TWILIO_AUTH_TOKEN))
    problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: set both or neither');
  for (const {
    credentials: { clientId, clientSecret },
  } of connectors) {
    if (Boolean(byName[clientId]) !== Boolean(byName[clientSecret]))
      problems.push(`${clientId} and ${clientSecret}: set both or neither`);
  }
  const old = new Map<string, Buffer>();
  for (const part of (e.ENCRYPTION_KEYS_OLD ?? '').split(',').filter(Boolean)) {
    const [id, b64] = part.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) problems.push(`ENCRYPTION_KEYS_OLD: "${id ?? part}" must be id:base64-of-32-bytes`);
    else old.set(id, key);
  }
  if (problems.length) throw new ConfigError(problems);

  const keyB64 =
    e.ENCRYPTION_KEY ?? devSecret(dataDir, 'encryption.key', () => randomBytes(32).toString('base64'), warn);
  const key = Buffer.from(keyB64, 'base64');
  // A key's id is derived from the key, so rotating needs no extra variable and ids never collide.
  const currentKeyId = keyIdOf(key);
  const encryptionKeys = new Map([[currentKeyId, key], ...old]);
  const jwt = e.JWT_SECRET ?? devSecret(dataDir, 'jwt.secret', () => randomBytes(48).toString('base64url'), warn);
  const { ENCRYPTION_KEY: _k, JWT_SECRET: _j, ...rest } = e;
  return {
    ...rest,
    connectors,
    PUBLIC_BASE_URL: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    encryptionKeys,
    currentKeyId,
    jwtSecret: Buffer.from(jwt),
    dataDir,
  };
}

export function keyIdOf(key: Buffer): string {
  // First 8 hex chars of a hash of the key: names the key without revealing it.
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}
