// The demo's one way to call the service: every request of the story goes through `call`.
import { BASE, OPERATOR_TOKEN } from './settings.mjs';

/** A request to the API; answers { status, body } with the body parsed when it is JSON. */
export async function call(method, path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: response.status, body: parsed };
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
