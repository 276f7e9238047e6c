import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEVELOPMENT_JWT_SECRET, DEVELOPMENT_OPERATOR_TOKEN, loadConfig } from './app-config.js';

/** The error `loadConfig(env)` throws, or a failure when it throws none. */
function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

const PRODUCTION = { NODE_ENV: 'production', OPERATOR_TOKEN: 'operator-token-for-production', JWT_SECRET: 'a-production-jwt-secret-of-32-chars-or-more' };

describe('loadConfig', () => {
  it('runs on a developer machine with the SPEC §8 defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      isProduction: false,
      port: 3000,
      db: { host: '127.0.0.1', port: 3306, user: 'root', password: '', name: 'partner_binding' },
      redis: { url: 'redis://127.0.0.1:6379' },
      bindingRequestTtlSeconds: 604800,
      webhook: { maxAttempts: 12, backoffMs: 5000, timeoutMs: 5000, allowHttp: true },
      smtpUrl: undefined,
    });
    // Printed development defaults stand in for the two secrets outside production.
    expect(config.operatorToken).toBe(DEVELOPMENT_OPERATOR_TOKEN);
    expect(config.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(config.usingDevelopmentSecrets).toBe(true);
  });

  it('reads each SPEC §8 variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DB_HOST: 'db.internal',
      DB_PORT: '3307',
      DB_USER: 'pbs',
      DB_PASSWORD: 's3cret',
      DB_NAME: 'pbs_prod',
      REDIS_URL: 'rediss://cache.internal:6380/2',
      OPERATOR_TOKEN: 'op',
      JWT_SECRET: 'jwt',
      BINDING_REQUEST_TTL_SECONDS: '60',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_BACKOFF_MS: '250',
      WEBHOOK_TIMEOUT_MS: '1500',
      ALLOW_HTTP_WEBHOOKS: 'false',
      SMTP_URL: 'smtp://mail.internal:25',
    });
    expect(config).toMatchObject({
      port: 8080,
      db: { host: 'db.internal', port: 3307, user: 'pbs', password: 's3cret', name: 'pbs_prod' },
      redis: { url: 'rediss://cache.internal:6380/2' },
      operatorToken: 'op',
      jwtSecret: 'jwt',
      usingDevelopmentSecrets: false,
      bindingRequestTtlSeconds: 60,
      webhook: { maxAttempts: 3, backoffMs: 250, timeoutMs: 1500, allowHttp: false },
      smtpUrl: 'smtp://mail.internal:25',
    });
  });

  it('in production, HTTP webhooks are off by default and both secrets are taken as given', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.isProduction).toBe(true);
    expect(config.webhook.allowHttp).toBe(false);
    expect(config.operatorToken).toBe(PRODUCTION.OPERATOR_TOKEN);
    expect(config.jwtSecret).toBe(PRODUCTION.JWT_SECRET);
    expect(config.usingDevelopmentSecrets).toBe(false);
  });

  it.each(['OPERATOR_TOKEN', 'JWT_SECRET'])('refuses to start in production without %s, naming it', (variable) => {
    for (const missing of [undefined, '']) {
      const error = configErrorOf({ ...PRODUCTION, [variable]: missing });
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(variable);
    }
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['ALLOW_HTTP_WEBHOOKS', 'maybe'],
    ['REDIS_URL', 'not a url'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['DB_PORT', '0'],
    ['DB_NAME', 'bad-name; DROP DATABASE x'],
    ['BINDING_REQUEST_TTL_SECONDS', '0'],
    ['WEBHOOK_MAX_ATTEMPTS', 'twelve'],
    ['WEBHOOK_BACKOFF_MS', '0'],
    ['WEBHOOK_TIMEOUT_MS', '5s'],
    ['SMTP_URL', 'ftp://mail.internal'],
    ['PUBLIC_BASE_URL', 'not a url'],
    ['PUBLIC_BASE_URL', 'ftp://pbs.example'],
  ])('an invalid %s (%p) stops start-up with a message naming the variable', (variable, value) => {
    const error = configErrorOf({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('builds e-mail links from PUBLIC_BASE_URL (default http://localhost:3000, no trailing slash)', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://sellers.example/pbs/' }).publicBaseUrl).toBe('https://sellers.example/pbs');
  });

  it('takes DB_SQL_MODE as a list of sql_mode names (unset: the server keeps its own)', () => {
    expect(loadConfig({}).db.sqlMode).toBeUndefined();
    expect(loadConfig({ DB_SQL_MODE: ' only_full_group_by, STRICT_TRANS_TABLES ' }).db.sqlMode).toBe('ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES');
    for (const hostile of ["STRICT_TRANS_TABLES'; DROP DATABASE x; --", 'ANSI,,', 'MODE 1']) {
      expect(configErrorOf({ DB_SQL_MODE: hostile }).variable).toBe('DB_SQL_MODE');
    }
  });

  it('keeps delivery logs 30 days, notices 180 and the audit trail forever unless RETENTION_* say otherwise', () => {
    expect(loadConfig({}).retention).toEqual({ deliveriesDays: 30, noticesDays: 180, eventsDays: 0 });
    expect(loadConfig({ RETENTION_DELIVERIES_DAYS: '7', RETENTION_NOTICES_DAYS: '0', RETENTION_EVENTS_DAYS: '3650' }).retention).toEqual({ deliveriesDays: 7, noticesDays: 0, eventsDays: 3650 });
    for (const variable of ['RETENTION_DELIVERIES_DAYS', 'RETENTION_NOTICES_DAYS', 'RETENTION_EVENTS_DAYS']) {
      for (const bad of ['-1', '1.5', 'thirty', '36501']) expect(configErrorOf({ [variable]: bad }).variable).toBe(variable);
    }
  });

  it('accepts the usual spellings of a flag', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes']) expect(loadConfig({ ALLOW_HTTP_WEBHOOKS: yes }).webhook.allowHttp).toBe(true);
    for (const no of ['false', 'False', '0', 'no']) expect(loadConfig({ ALLOW_HTTP_WEBHOOKS: no }).webhook.allowHttp).toBe(false);
  });
});
