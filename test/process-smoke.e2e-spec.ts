import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from '@jest/globals';
import { dropDatabase } from '@app/database';
import { deleteQueueKeys, freePort, testConfig, uniqueName, waitFor } from '@app/testing';

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

/**
 * The built roles as `npm run start:api` / `start:worker` run them: each starts on its own
 * (creating and migrating the database), reports ready, and exits 0 on SIGTERM.
 */
describe('built processes', () => {
  const dbName = uniqueName('pbs_smoke');
  const queuePrefix = uniqueName('pbs-smoke');
  const env = { ...process.env, NODE_ENV: 'development', DB_NAME: dbName, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'warn' };
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    const config = testConfig({ DB_NAME: dbName, QUEUE_PREFIX: queuePrefix });
    await dropDatabase(config);
    await deleteQueueKeys(config);
  });

  it('start, become ready, and stop cleanly on SIGTERM', async () => {
    expect(existsSync('dist/apps/api/src/main.js') && existsSync('dist/apps/worker/src/main.js')).toBe(true); // `npm test` builds first
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], { env: { ...env, PORT: String(apiPort) }, stdio: 'pipe' });
    const worker = spawn(process.execPath, ['dist/apps/worker/src/main.js'], { env: { ...env, WORKER_HTTP_PORT: String(workerPort) }, stdio: 'pipe' });
    children.push(api, worker);
    let output = '';
    for (const child of children) {
      child.stdout?.on('data', (chunk) => (output += chunk));
      child.stderr?.on('data', (chunk) => (output += chunk));
    }

    const ready = async (port: number) => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200;
    await waitFor(() => ready(apiPort), { timeoutMs: 30_000, what: `the API to be ready\n${output}` });
    await waitFor(() => ready(workerPort), { timeoutMs: 30_000, what: `the worker to be ready\n${output}` });

    const started = Date.now();
    const [apiExit, workerExit] = [exited(api), exited(worker)];
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    expect(await apiExit).toBe(0);
    expect(await workerExit).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(output).not.toMatch(/"level":50/); // nothing logged at error level
  });
});
