/**
 * The service's configuration, parsed once from the environment at start.
 * A bad value stops the process with a message naming the variable (SPEC §8).
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
  readonly redis: { readonly url: string; readonly queuePrefix: string };
  readonly operatorToken: string;
  readonly jwtSecret: string;
  /** True when the two secrets above are the printed development defaults. */
  readonly usingDevelopmentSecrets: boolean;
  readonly bindingRequestTtlSeconds: number;
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
}

export const DEVELOPMENT_OPERATOR_TOKEN = 'dev-operator-token';
export const DEVELOPMENT_JWT_SECRET = 'dev-jwt-secret-change-me-in-production';

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
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
  if (modes.some((mode) => !/^[A-Z_]{1,64}$/.test(mode))) throw new ConfigError('DB_SQL_MODE', `must be a comma-separated list of sql_mode names, got "${raw}"`);
  return modes.join(',');
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = text(env, 'NODE_ENV', 'development');
  const isProduction = nodeEnv === 'production';

  const operatorToken = env.OPERATOR_TOKEN ?? '';
  const jwtSecret = env.JWT_SECRET ?? '';
  if (isProduction && operatorToken === '') throw new ConfigError('OPERATOR_TOKEN', 'is required when NODE_ENV=production');
  if (isProduction && jwtSecret === '') throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  if (isProduction && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters in production');

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
    redis: {
      url: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:'])!,
      queuePrefix: text(env, 'QUEUE_PREFIX', 'pbs'),
    },
    operatorToken: operatorToken || DEVELOPMENT_OPERATOR_TOKEN,
    jwtSecret: jwtSecret || DEVELOPMENT_JWT_SECRET,
    usingDevelopmentSecrets: operatorToken === '' || jwtSecret === '',
    bindingRequestTtlSeconds: integer(env, 'BINDING_REQUEST_TTL_SECONDS', 604800, 1, 31_536_000),
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
  };
}
