import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropDatabase, prepareDatabase } from '@app/database';
import { deleteQueueKeys, testConfig, uniqueName, waitFor } from '@app/testing';

const ROLES = { api: 'dist/apps/api/src/main.js', worker: 'dist/apps/worker/src/main.js' } as const;
type Role = keyof typeof ROLES;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Run {
  code: number | null;
  output: string;
}

/** Starts a built role; resolves when it exits, or (with `untilReady`) once /health/ready answers 200, then stops it. */
async function run(role: Role, env: Record<string, string>, untilReady = false): Promise<Run> {
  const port = await freePort();
  const child = spawn(process.execPath, [ROLES[role]], {
    env: { PATH: process.env.PATH ?? '', ...env, [role === 'api' ? 'PORT' : 'WORKER_HTTP_PORT']: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (untilReady) {
    let exitCode: number | null | undefined;
    void exited.then((code) => (exitCode = code));
    await waitFor(
      async () => {
        if (exitCode !== undefined) throw new Error(`${role} exited with ${exitCode}:\n${output}`);
        return (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200;
      },
      { timeoutMs: 30_000, what: `the ${role} to be ready\n${output}` },
    );
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, output };
}

/**
 * Production refuses to start with configuration an attacker could guess or abuse (weak or published
 * secrets, plain-http webhooks, no key for secrets at rest): both built roles exit non-zero with one
 * line naming the variable. A correct production configuration starts against a migrated database.
 */
describe('production start-up refuses unsafe configuration', () => {
  const config = testConfig({ DB_NAME: uniqueName('pbs_prodcfg'), QUEUE_PREFIX: uniqueName('pbs-prodcfg') });
  const production: Record<string, string> = {
    NODE_ENV: 'production',
    DB_HOST: config.db.host,
    DB_PORT: String(config.db.port),
    DB_USER: config.db.user,
    DB_PASSWORD: config.db.password,
    DB_NAME: config.db.name,
    REDIS_URL: config.redis.url,
    QUEUE_PREFIX: config.redis.queuePrefix,
    OPERATOR_TOKEN: randomBytes(24).toString('base64url'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  };

  beforeAll(async () => {
    expect(existsSync(ROLES.api) && existsSync(ROLES.worker)).toBe(true); // `npm test` builds first
    await prepareDatabase(config, { create: true });
  });

  afterAll(async () => {
    await dropDatabase(config);
    await deleteQueueKeys(config);
  });

  const unsafe: Array<[string, string | undefined]> = [
    ['OPERATOR_TOKEN', 'dev-operator-token'], // the development default, printed in the README
    ['OPERATOR_TOKEN', 'x'],
    ['OPERATOR_TOKEN', undefined],
    ['JWT_SECRET', 'dev-jwt-secret-change-me-in-production'],
    ['JWT_SECRET', 'thirty-one-characters-long-0123'],
    ['ALLOW_HTTP_WEBHOOKS', 'true'],
    ['SECRETS_KEY', undefined],
    ['SECRETS_KEY', randomBytes(16).toString('base64')],
  ];

  it.each(unsafe)('%s=%p: the API and the worker exit non-zero with one line naming it', async (variable, value) => {
    const env = { ...production };
    if (value === undefined) delete env[variable];
    else env[variable] = value;
    for (const [role, result] of await Promise.all((['api', 'worker'] as const).map(async (role) => [role, await run(role, env)] as const))) {
      const lines = result.output.trim().split('\n');
      expect({ role, code: result.code, lines: lines.length }).toEqual({ role, code: 1, lines: 1 });
      expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
      // The refused value is not echoed back (it may be a real secret set in the wrong place).
      if (value && variable !== 'ALLOW_HTTP_WEBHOOKS') expect(result.output).not.toContain(value);
    }
  });

  it('a correct production configuration starts both roles against the migrated database', async () => {
    const [api, worker] = await Promise.all([run('api', production, true), run('worker', production, true)]);
    expect(api.code).toBe(0);
    expect(worker.code).toBe(0);
    expect(`${api.output}${worker.output}`).not.toMatch(/"level":(50|60)/);
  });
});
