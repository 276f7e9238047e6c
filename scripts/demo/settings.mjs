// Where the demo runs: the service's port, the build it starts, the demo database and queues.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const PORT = Number(process.env.PORT || 3000);
export const BASE = `http://127.0.0.1:${PORT}`;
export const DIST = resolve(ROOT, process.env.PBS_DIST || 'dist');
export const DEMO_DB = process.env.DEMO_DB_NAME || 'partner_binding_demo';
export const DEMO_QUEUE_PREFIX = process.env.DEMO_QUEUE_PREFIX || 'pbs-demo';
export const OPERATOR_TOKEN = process.env.OPERATOR_TOKEN || 'dev-operator-token';
export const WAIT_MS = 20_000;
