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

/**
 * Short timings for the service the demo starts, so reminders and the end of a term happen while
 * you watch (each can be overridden from the environment): the timer sweep runs every second,
 * a request waits 15 minutes and its partner is reminded 5 s after it is made, a binding's
 * end is announced 60 s before it comes.
 */
export const DEMO_TIMINGS = {
  BINDING_TIMERS_EVERY_MS: process.env.BINDING_TIMERS_EVERY_MS || '1000',
  BINDING_REQUEST_TTL_SECONDS: process.env.BINDING_REQUEST_TTL_SECONDS || '900',
  REQUEST_EXPIRY_REMINDER_SECONDS: process.env.REQUEST_EXPIRY_REMINDER_SECONDS || '895',
  BINDING_END_REMINDERS_SECONDS: process.env.BINDING_END_REMINDERS_SECONDS ?? '60',
};
/** The trial term the demo asks for (the shortest allowed is 60 s ahead). */
export const TRIAL_SECONDS = 75;
