import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { loadRedisConfig, type RedisConfig } from './redis-config.js';

/**
 * The service's configuration, parsed once from the environment at start.
 * A bad value stops the process with a message naming the variable (docs/API.md#configuration).
 */
export interface AppConfig {
  readonly nodeEnv: string;
  readonly isProduction: boolean;
  readonly port: number;
  readonly workerHttpPort: number;
  readonly db: {
    /** TypeORM driver flavour: both speak the MySQL protocol; each reads its own catalogue right. */
    readonly type: 'mariadb' | 'mysql';
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password: string;
    readonly name: string;
    readonly poolSize: number;
    /** Create the database and run migrations at start (development default). */
    readonly migrateOnStart: boolean;
    /** sql_mode set on every connection (e.g. MySQL 8's default); unset keeps the server's. */
    readonly sqlMode: string | undefined;
  };
  readonly redis: RedisConfig;
  readonly operatorToken: string;
  readonly jwtSecret: string;
  /** What list cursors are signed with (CURSOR_SECRET, else JWT_SECRET); CursorCodec derives its own key from it. */
  readonly cursorSecret: string;
  /** True when the two secrets above are the printed development defaults. */
  readonly usingDevelopmentSecrets: boolean;
  /** True when SECRETS_KEY is the printed development key (outside production only). */
  readonly usingDevelopmentSecretsKey: boolean;
  readonly bindingRequestTtlSeconds: number;
  /** Live (pending + active) bindings an account may hold; 0 = no limit. An account's own setting overrides it. */
  readonly maxLivePartnersPerAccount: number;
  /** Binding timers (request expiry, end of term, reminders) are due-time rows in MySQL, fired by a job this often. */
  readonly bindingTimersEveryMs: number;
  /** Seconds before `endsAt` that `binding.ending_soon` goes out, and before `expiresAt` that `binding.request_expiring` does (0: none). */
  readonly reminders: { readonly bindingEndSeconds: readonly number[]; readonly requestExpirySeconds: number };
  /** Days old rows are kept before the scheduled purge deletes them; 0 keeps them forever. */
  readonly retention: { readonly deliveriesDays: number; readonly noticesDays: number; readonly eventsDays: number };
  readonly webhook: {
    readonly maxAttempts: number;
    readonly backoffMs: number;
    readonly timeoutMs: number;
    readonly allowHttp: boolean;
    /** Deliveries in flight to one partner at once; the rest wait so other partners are not held back. */
    readonly perPartnerConcurrency: number;
    readonly workerConcurrency: number;
    /** Name servers for webhook hosts (empty: the system's), asked with c-ares, never the thread pool. */
    readonly dnsServers: readonly string[];
    /** A webhook host name that does not resolve within this is a failed attempt. */
    readonly dnsTimeoutMs: number;
  };
  readonly smtpUrl: string | undefined;
  /** Where links in e-mails point (the seller's and the partner's UI). */
  readonly publicBaseUrl: string;
  /** The From header of notice e-mails. */
  readonly mailFrom: string;
  readonly bodyLimitBytes: number;
  /** Requests per window before 429, counted in Redis (shared by all API replicas); 0 turns a limit off. */
  readonly rateLimit: { readonly perUser: number; readonly perIp: number; readonly windowMs: number };
  readonly logLevel: string;
  /** Keys for secrets stored encrypted (webhook signing secrets): new values use `current`, `previous` stay readable. */
  readonly secretsKeys: SecretsKeys;
  /** Which proxies may set X-Forwarded-For: off (the TCP peer is the client), a hop count, or their addresses/CIDRs. */
  readonly trustProxy: false | number | string[];
  /** Access tokens signed by the marketplace's identity provider, accepted beside the service's own. */
  readonly externalIdp: ExternalIdpConfig | null;
  /** When set, GET /metrics needs it as a bearer token. */
  readonly metricsToken: string | undefined;
}

/** One AES-256 key and its id (derived from the key, stored with every value it encrypts). */
export interface SecretsKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface SecretsKeys {
  readonly current: SecretsKey;
  readonly previous: readonly SecretsKey[];
}

export interface ExternalIdpConfig {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
}

export const DEVELOPMENT_OPERATOR_TOKEN = 'dev-operator-token';
export const DEVELOPMENT_JWT_SECRET = 'dev-jwt-secret-change-me-in-production';
/** 32 bytes, base64: printed at start and written here, so never a key for real data. */
export const DEVELOPMENT_SECRETS_KEY = 'ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk=';

/**
 * Values that are public because the project prints or documents them (development defaults,
 * README and demo examples, the test suite's fixed values): production refuses each of them.
 */
const PUBLISHED_SECRETS = new Set([
  DEVELOPMENT_OPERATOR_TOKEN,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_SECRETS_KEY,
  'test-operator-token',
  'test-jwt-secret-that-is-long-enough-0123456789',
]);

const MIN_PRODUCTION_SECRET_LENGTH = 32;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const normalised = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalised)) return true;
  if (['false', '0', 'no'].includes(normalised)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function url(env: Env, name: string, fallback: string | undefined, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
  }
  return raw;
}

/** A comma list of sql_mode names; only letters and _ per name, so it can be quoted into SQL safely. */
function sqlMode(env: Env): string | undefined {
  const raw = env.DB_SQL_MODE;
  if (raw === undefined || raw.trim() === '') return undefined;
  const modes = raw.split(',').map((mode) => mode.trim().toUpperCase());
  if (modes.some((mode) => !/^[A-Z_]{1,64}$/.test(mode)))
    throw new ConfigError('DB_SQL_MODE', `must be a comma-separated list of sql_mode names, got "${raw}"`);
  return modes.join(',');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = text(env, 'NODE_ENV', 'development');
  const isProduction = nodeEnv === 'production';

  const operatorToken = env.OPERATOR_TOKEN ?? '';
  const jwtSecret = env.JWT_SECRET ?? '';
  if (isProduction) {
    productionSecret('OPERATOR_TOKEN', operatorToken);
    productionSecret('JWT_SECRET', jwtSecret);
    if (flag(env, 'ALLOW_HTTP_WEBHOOKS', false))
      throw new ConfigError('ALLOW_HTTP_WEBHOOKS', 'must not be true when NODE_ENV=production (webhooks go to public https endpoints only)');
  }
  const secretsKeys = loadSecretsKeys(env);
  const cursorSecret = env.CURSOR_SECRET ?? '';
  if (isProduction && cursorSecret !== '') productionSecret('CURSOR_SECRET', cursorSecret);

  const dbName = text(env, 'DB_NAME', 'partner_binding');
  if (!/^[A-Za-z0-9_]{1,64}$/.test(dbName)) throw new ConfigError('DB_NAME', 'may hold only letters, digits and _ (at most 64)');

  return {
    nodeEnv,
    isProduction,
    port: integer(env, 'PORT', 3000, 0, 65535),
    workerHttpPort: integer(env, 'WORKER_HTTP_PORT', 3001, 0, 65535),
    db: {
      type: oneOf(env, 'DB_TYPE', 'mariadb', ['mariadb', 'mysql'] as const),
      host: text(env, 'DB_HOST', '127.0.0.1'),
      port: integer(env, 'DB_PORT', 3306, 1, 65535),
      user: text(env, 'DB_USER', 'root'),
      password: env.DB_PASSWORD ?? '',
      name: dbName,
      poolSize: integer(env, 'DB_POOL_SIZE', 20, 1, 500),
      migrateOnStart: flag(env, 'DB_MIGRATE_ON_START', !isProduction),
      sqlMode: sqlMode(env),
    },
    redis: loadRedisConfig(env, {
      url: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:'])!,
      queuePrefix: text(env, 'QUEUE_PREFIX', 'pbs'),
      replicaWaitMs: integer(env, 'REDIS_REPLICA_WAIT_MS', 1000, 0, 60_000),
    }),
    operatorToken: operatorToken || DEVELOPMENT_OPERATOR_TOKEN,
    jwtSecret: jwtSecret || DEVELOPMENT_JWT_SECRET,
    cursorSecret: cursorSecret || jwtSecret || DEVELOPMENT_JWT_SECRET,
    usingDevelopmentSecrets: operatorToken === '' || jwtSecret === '',
    usingDevelopmentSecretsKey: (env.SECRETS_KEY ?? '') === '',
    bindingRequestTtlSeconds: integer(env, 'BINDING_REQUEST_TTL_SECONDS', 604800, 1, 31_536_000),
    maxLivePartnersPerAccount: integer(env, 'MAX_LIVE_PARTNERS_PER_ACCOUNT', 0, 0, 1_000_000),
    bindingTimersEveryMs: integer(env, 'BINDING_TIMERS_EVERY_MS', 5000, 100, 600_000),
    reminders: {
      bindingEndSeconds: secondsList(env, 'BINDING_END_REMINDERS_SECONDS', [604800, 86400]),
      requestExpirySeconds: integer(env, 'REQUEST_EXPIRY_REMINDER_SECONDS', 86400, 0, 31_536_000),
    },
    retention: {
      deliveriesDays: integer(env, 'RETENTION_DELIVERIES_DAYS', 30, 0, 36_500),
      noticesDays: integer(env, 'RETENTION_NOTICES_DAYS', 180, 0, 36_500),
      eventsDays: integer(env, 'RETENTION_EVENTS_DAYS', 0, 0, 36_500),
    },
    webhook: {
      maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 12, 1, 100),
      backoffMs: integer(env, 'WEBHOOK_BACKOFF_MS', 5000, 1, 21_600_000),
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 5000, 100, 120_000),
      allowHttp: flag(env, 'ALLOW_HTTP_WEBHOOKS', !isProduction),
      perPartnerConcurrency: integer(env, 'WEBHOOK_PER_PARTNER_CONCURRENCY', 4, 1, 1000),
      workerConcurrency: integer(env, 'WEBHOOK_WORKER_CONCURRENCY', 64, 1, 1000),
      dnsServers: dnsServers(env),
      dnsTimeoutMs: integer(env, 'WEBHOOK_DNS_TIMEOUT_MS', 2000, 100, 60_000),
    },
    smtpUrl: url(env, 'SMTP_URL', undefined, ['smtp:', 'smtps:']),
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', 'http://localhost:3000', ['http:', 'https:'])!.replace(/\/+$/, ''),
    mailFrom: text(env, 'MAIL_FROM', 'Partner Binding Service <no-reply@partner-binding.local>'),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 16 * 1024, 1024, 10 * 1024 * 1024),
    rateLimit: {
      perUser: integer(env, 'RATE_LIMIT_PER_USER', 3000, 0, 10_000_000),
      perIp: integer(env, 'RATE_LIMIT_PER_IP', 30_000, 0, 10_000_000),
      windowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 3_600_000),
    },
    logLevel: text(env, 'LOG_LEVEL', 'info'),
    secretsKeys,
    trustProxy: trustProxy(env),
    externalIdp: externalIdp(env),
    metricsToken: optionalSecret(env, 'METRICS_TOKEN', isProduction),
  };
}

/** In production a secret must be set, long, and not one the project publishes. */
function productionSecret(name: string, value: string): void {
  if (value === '') throw new ConfigError(name, 'is required when NODE_ENV=production');
  if (value.length < MIN_PRODUCTION_SECRET_LENGTH)
    throw new ConfigError(name, `must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`);
  if (PUBLISHED_SECRETS.has(value)) throw new ConfigError(name, 'is a development or documented example value; choose a random one for production');
}

function optionalSecret(env: Env, name: string, isProduction: boolean): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (isProduction) productionSecret(name, value);
  return value;
}

function aesKey(name: string, encoded: string): SecretsKey {
  const trimmed = encoded.trim();
  const key = Buffer.from(trimmed, 'base64');
  // Buffer.from ignores characters outside base64; a round trip proves the text was base64 throughout.
  if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== trimmed.replace(/=+$/, '')) {
    throw new ConfigError(name, 'must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)');
  }
  return { id: createHash('sha256').update('pbs-secrets-key-id:').update(key).digest('hex').slice(0, 8), key };
}

/**
 * SECRETS_KEY (required in production) encrypts new values; SECRETS_PREVIOUS_KEYS (comma-separated)
 * keeps values written before a rotation readable. Only this reads those variables, so a migration
 * can load the keys without the rest of the configuration.
 */
export function loadSecretsKeys(env: Env = process.env): SecretsKeys {
  const isProduction = text(env, 'NODE_ENV', 'development') === 'production';
  const raw = env.SECRETS_KEY ?? '';
  if (isProduction && raw === '') throw new ConfigError('SECRETS_KEY', 'is required when NODE_ENV=production (32 random bytes in base64)');
  if (isProduction && PUBLISHED_SECRETS.has(raw.trim()))
    throw new ConfigError('SECRETS_KEY', 'is the development value; generate one with `openssl rand -base64 32`');
  const current = aesKey('SECRETS_KEY', raw === '' ? DEVELOPMENT_SECRETS_KEY : raw);
  const previous = (env.SECRETS_PREVIOUS_KEYS ?? '')
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => aesKey('SECRETS_PREVIOUS_KEYS', part))
    .filter((key) => key.id !== current.id);
  return { current, previous };
}

/** Fastify's trustProxy: off, a hop count, or the proxies' addresses and CIDR ranges. */
function trustProxy(env: Env): false | number | string[] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || ['false', 'off', 'no', '0'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `must be a hop count from 0 to 10 or a list of addresses/CIDRs, got ${raw}`);
    return hops;
  }
  return raw.split(',').map((entry) => {
    const [address, bits, extra] = entry.trim().split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !validBits || extra !== undefined)
      throw new ConfigError('TRUST_PROXY', `must be off, a hop count or a comma list of IP addresses/CIDRs, got "${entry.trim()}"`);
    return entry.trim();
  });
}

/** WEBHOOK_DNS_SERVERS: addresses of name servers, each `ip`, `ip:port` or `[ipv6]:port`. */
/** A comma list of distinct whole seconds (1 s – 2 years), largest first; an empty value means none. */
function secondsList(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  if (raw.trim() === '') return [];
  const values = raw.split(',').map((part) => part.trim());
  if (values.some((value) => !/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > 63_072_000)) {
    throw new ConfigError(name, `must be a comma list of whole seconds between 1 and 63072000, got "${raw}"`);
  }
  return [...new Set(values.map(Number))].sort((a, b) => b - a);
}

function dnsServers(env: Env): string[] {
  const raw = (env.WEBHOOK_DNS_SERVERS ?? '').trim();
  if (raw === '') return [];
  return raw.split(',').map((entry) => {
    const server = entry.trim();
    const match = server.match(/^\[([^\]]+)\]:(\d+)$/) ?? server.match(/^([^:]+):(\d+)$/) ?? [server, server, '53'];
    const port = Number(match[2]);
    if (isIP(match[1] ?? '') === 0 || !(port >= 1 && port <= 65535))
      throw new ConfigError('WEBHOOK_DNS_SERVERS', `must be a comma list of name server addresses (ip or ip:port), got "${server}"`);
    return server;
  });
}

/** JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE together, or none of them. */
function externalIdp(env: Env): ExternalIdpConfig | null {
  const names = ['JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE'] as const;
  const set = names.filter((name) => (env[name] ?? '') !== '');
  if (set.length === 0) return null;
  const missing = names.find((name) => !set.includes(name));
  if (missing) throw new ConfigError(missing, `is required when any of ${names.join(', ')} is set`);
  return { jwksUrl: url(env, 'JWT_JWKS_URL', undefined, ['https:', 'http:'])!, issuer: env.JWT_ISSUER!, audience: env.JWT_AUDIENCE! };
}
