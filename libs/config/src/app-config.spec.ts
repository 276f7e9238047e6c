import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEVELOPMENT_JWT_SECRET, DEVELOPMENT_OPERATOR_TOKEN, DEVELOPMENT_SECRETS_KEY, loadConfig, loadSecretsKeys } from './app-config.js';

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

const PRODUCTION = {
  NODE_ENV: 'production',
  OPERATOR_TOKEN: 'an-operator-token-for-production-0123456789',
  JWT_SECRET: 'a-production-jwt-secret-of-32-chars-or-more',
  SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('loadConfig', () => {
  it('runs on a developer machine with the documented defaults (docs/API.md#configuration)', () => {
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

  it('reads each documented variable', () => {
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

  it('reads the binding timer interval and the reminder offsets (a comma list, largest first; empty means none)', () => {
    expect(loadConfig({})).toMatchObject({ bindingTimersEveryMs: 5000, reminders: { bindingEndSeconds: [604800, 86400], requestExpirySeconds: 86400 } });
    const config = loadConfig({ BINDING_TIMERS_EVERY_MS: '250', BINDING_END_REMINDERS_SECONDS: '60, 3600,60', REQUEST_EXPIRY_REMINDER_SECONDS: '0' });
    expect(config).toMatchObject({ bindingTimersEveryMs: 250, reminders: { bindingEndSeconds: [3600, 60], requestExpirySeconds: 0 } });
    expect(loadConfig({ BINDING_END_REMINDERS_SECONDS: '' }).reminders.bindingEndSeconds).toEqual([]);
    for (const bad of ['1d', '-5', '0', '1,,2', '99999999999']) {
      expect(configErrorOf({ BINDING_END_REMINDERS_SECONDS: bad }).message).toContain('BINDING_END_REMINDERS_SECONDS');
    }
    expect(configErrorOf({ BINDING_TIMERS_EVERY_MS: '10' }).message).toContain('BINDING_TIMERS_EVERY_MS');
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
    ['MAX_LIVE_PARTNERS_PER_ACCOUNT', '-1'],
    ['MAX_LIVE_PARTNERS_PER_ACCOUNT', 'one'],
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
    expect(loadConfig({ RETENTION_DELIVERIES_DAYS: '7', RETENTION_NOTICES_DAYS: '0', RETENTION_EVENTS_DAYS: '3650' }).retention).toEqual({
      deliveriesDays: 7,
      noticesDays: 0,
      eventsDays: 3650,
    });
    for (const variable of ['RETENTION_DELIVERIES_DAYS', 'RETENTION_NOTICES_DAYS', 'RETENTION_EVENTS_DAYS']) {
      for (const bad of ['-1', '1.5', 'thirty', '36501']) expect(configErrorOf({ [variable]: bad }).variable).toBe(variable);
    }
  });

  it('signs cursors with CURSOR_SECRET when it is set, else with JWT_SECRET (each rotates on its own once both are set)', () => {
    expect(loadConfig({ JWT_SECRET: 'jwt' }).cursorSecret).toBe('jwt');
    expect(loadConfig({ JWT_SECRET: 'jwt', CURSOR_SECRET: 'cursor' }).cursorSecret).toBe('cursor');
    expect(configErrorOf({ ...PRODUCTION, CURSOR_SECRET: 'too-short' }).variable).toBe('CURSOR_SECRET');
  });

  it('accepts the usual spellings of a flag', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes']) expect(loadConfig({ ALLOW_HTTP_WEBHOOKS: yes }).webhook.allowHttp).toBe(true);
    for (const no of ['false', 'False', '0', 'no']) expect(loadConfig({ ALLOW_HTTP_WEBHOOKS: no }).webhook.allowHttp).toBe(false);
  });

  describe('production refuses unsafe configuration, naming the variable', () => {
    it.each([
      ['OPERATOR_TOKEN', 'x'],
      ['OPERATOR_TOKEN', 'a'.repeat(31)],
      ['OPERATOR_TOKEN', DEVELOPMENT_OPERATOR_TOKEN],
      ['OPERATOR_TOKEN', 'test-jwt-secret-that-is-long-enough-0123456789'],
      ['JWT_SECRET', 'short'],
      ['JWT_SECRET', DEVELOPMENT_JWT_SECRET],
      ['JWT_SECRET', 'test-jwt-secret-that-is-long-enough-0123456789'],
      ['ALLOW_HTTP_WEBHOOKS', 'true'],
      ['SECRETS_KEY', ''],
      ['SECRETS_KEY', DEVELOPMENT_SECRETS_KEY],
      ['SECRETS_KEY', Buffer.alloc(16, 1).toString('base64')],
      ['SECRETS_KEY', 'not base64 at all, but forty-four characters'],
      ['SECRETS_PREVIOUS_KEYS', 'nope'],
      ['METRICS_TOKEN', 'short'],
    ])('%s=%p', (variable, value) => {
      const error = configErrorOf({ ...PRODUCTION, [variable]: value });
      expect(error.variable).toBe(variable);
      expect(error.message).toContain(variable);
      expect(error.message).not.toContain('\n');
    });

    it('a correct production configuration loads', () => {
      const config = loadConfig({ ...PRODUCTION, SECRETS_PREVIOUS_KEYS: Buffer.alloc(32, 8).toString('base64'), METRICS_TOKEN: 'm'.repeat(40) });
      expect(config.secretsKeys.current.key).toEqual(Buffer.alloc(32, 7));
      expect(config.secretsKeys.previous.map((k) => k.key)).toEqual([Buffer.alloc(32, 8)]);
      expect(config.usingDevelopmentSecrets).toBe(false);
    });
  });

  it('outside production the development secrets key stands in (printed at start); a key id is derived from each key', () => {
    const keys = loadSecretsKeys({});
    expect(keys.current.key.toString('base64')).toBe(DEVELOPMENT_SECRETS_KEY);
    expect(keys.current.id).toMatch(/^[0-9a-f]{8}$/);
    expect(loadSecretsKeys({ SECRETS_KEY: PRODUCTION.SECRETS_KEY }).current.id).not.toBe(keys.current.id);
    expect(loadConfig({}).usingDevelopmentSecretsKey).toBe(true);
    expect(loadConfig({ SECRETS_KEY: PRODUCTION.SECRETS_KEY }).usingDevelopmentSecretsKey).toBe(false);
  });

  it('TRUST_PROXY: off by default, a hop count, or a list of addresses and CIDRs', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.10,::1' }).trustProxy).toEqual(['10.0.0.0/8', '192.168.1.10', '::1']);
    for (const bad of ['true', 'yes please', '10.0.0.0/33', '300.1.1.1', '11']) expect(configErrorOf({ TRUST_PROXY: bad }).variable).toBe('TRUST_PROXY');
  });

  it('an external identity provider needs all three of JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE', () => {
    expect(loadConfig({}).externalIdp).toBeNull();
    const idp = { JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json', JWT_ISSUER: 'https://idp.example/', JWT_AUDIENCE: 'partner-binding' };
    expect(loadConfig(idp).externalIdp).toEqual({ jwksUrl: idp.JWT_JWKS_URL, issuer: idp.JWT_ISSUER, audience: idp.JWT_AUDIENCE });
    expect(configErrorOf({ ...idp, JWT_AUDIENCE: '' }).variable).toBe('JWT_AUDIENCE');
    expect(configErrorOf({ ...idp, JWT_JWKS_URL: 'ftp://idp.example/jwks' }).variable).toBe('JWT_JWKS_URL');
  });

  it('WEBHOOK_DNS_SERVERS: name server addresses, each with an optional port', () => {
    expect(loadConfig({}).webhook.dnsServers).toEqual([]);
    expect(loadConfig({ WEBHOOK_DNS_SERVERS: '10.0.0.2, 127.0.0.1:5353,[::1]:53' }).webhook.dnsServers).toEqual(['10.0.0.2', '127.0.0.1:5353', '[::1]:53']);
    for (const bad of ['dns.example', '10.0.0.2:0', '10.0.0.2:abc']) expect(configErrorOf({ WEBHOOK_DNS_SERVERS: bad }).variable).toBe('WEBHOOK_DNS_SERVERS');
  });
});
