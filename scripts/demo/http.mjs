// The demo's one way to call the service: every request of the story goes through `call`.
import { BASE, OPERATOR_TOKEN } from './settings.mjs';

/**
 * The generated TypeScript client (clients/typescript), loaded on first use: it is built with the
 * service (`npm run build`, which the demo runs when the build is missing or stale).
 */
let client = null;
let webhooks = null;

async function loadClient() {
  if (client) return client;
  try {
    const { createPartnerBindingClient } = await import('@partner-binding/client');
    webhooks = await import('@partner-binding/client/webhooks');
    client = createPartnerBindingClient({ baseUrl: BASE });
    return client;
  } catch (error) {
    throw new Error(`The TypeScript client is not built (clients/typescript/dist): run \`npm run build\` first. (${error.message})`);
  }
}

/**
 * A request to the API through the generated client, as a partner's or seller's back end would
 * make it; answers { status, body }.
 */
export async function call(method, path, { token, body, headers = {} } = {}) {
  const api = await loadClient();
  const { data, error, response } = await api.request(method.toLowerCase(), path, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, body: data ?? error ?? null };
}

/** A GET answered as text (an audit export), through the same client; fails the demo on another status than 200. */
export async function callText(path, token) {
  const api = await loadClient();
  const { data, error, response } = await api.request('get', path, { headers: { authorization: `Bearer ${token}` }, parseAs: 'text' });
  if (response.status !== 200) throw new Error(`GET ${path}: expected 200, got ${response.status} ${JSON.stringify(error ?? data)}`);
  return { text: data, type: response.headers.get('content-type') };
}

/** Checks a webhook's X-Signature with the client's helper (what a partner's back end runs). */
export async function verifySignature(secret, rawBody, header) {
  await loadClient();
  return webhooks.verifyWebhookSignature(secret, rawBody, header);
}

/** `call`, failing the demo with what was expected when the status is another. */
export async function expectCall(what, expected, method, path, options) {
  const response = await call(method, path, options);
  if (response.status !== expected) throw new Error(`${what}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A back-office call with the operator token (201 for POST, 200 otherwise). */
export const operator = (what, method, path, body) => expectCall(what, method === 'POST' ? 201 : 200, method, path, { token: OPERATOR_TOKEN, body });

/** Whether `url` answers 2xx within a second (is the service up?). */
export async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
