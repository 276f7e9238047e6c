// The page's only way to the service: the public /v1 API with a bearer token.
// The token lives in sessionStorage (gone when the tab closes) and only ever travels in
// the Authorization header, never in a URL.

const TOKEN_KEY = 'pbs.cabinet.accessToken';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

/** What a person reads: `detail`, and for a validation error what was wrong with each field. */
function problemText(status, problem) {
  const text = problem?.detail || problem?.title || `The service answered ${status}.`;
  const fields = Array.isArray(problem?.errors) ? problem.errors.map((e) => e?.message).filter((m) => typeof m === 'string' && m) : [];
  return fields.length ? `${text.replace(/\.$/, '')}: ${fields.join('; ')}.` : text;
}

/** A failed call, carrying the problem+json document (docs/API.md#errors): show `detail`, switch on `code`. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(status, problem));
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem;
  }
}

/** Called when the service says the token is no longer good (401). */
let onUnauthenticated = () => {};
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

/**
 * fetch + JSON + problem+json. `token` defaults to the signed-in user's; pass `token` to use
 * another (the operator token in the development picker). Bodies are always JSON.
 */
export async function api(method, path, { body, token = session.token, headers = {}, quiet401 = false } = {}) {
  const sent = { accept: 'application/json, application/problem+json', ...headers };
  if (token) sent.authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined || method !== 'GET') {
    sent['content-type'] = 'application/json';
    payload = JSON.stringify(body ?? {});
  }
  let response;
  try {
    response = await fetch(path, { method, headers: sent, body: payload, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch {
    throw new ApiError(0, { title: 'Offline', detail: 'The service cannot be reached. Check your connection; the page keeps trying.' });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data && typeof data === 'object' ? data : { title: response.statusText });
    if (response.status === 401 && !quiet401) onUnauthenticated(error);
    throw error;
  }
  return data;
}

export const get = (path, options) => api('GET', path, options);
export const post = (path, body, options) => api('POST', path, { ...options, body });
export const put = (path, body, options) => api('PUT', path, { ...options, body });
export const patch = (path, body, options) => api('PATCH', path, { ...options, body });

/** Builds a query string, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A fresh idempotency key per user action, so a retried "Turn On" never creates two requests. */
export function idempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context (https or localhost); getRandomValues works everywhere.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Downloads a file the API streams (e.g. the audit export as CSV): fetched with the bearer token (never in a
 * URL), then saved under `filename` through a short-lived object URL.
 */
export async function download(path, filename) {
  let response;
  try {
    response = await fetch(path, {
      headers: { authorization: `Bearer ${session.token}` },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, { title: 'Offline', detail: 'The service cannot be reached. Check your connection; the page keeps trying.' });
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    const error = new ApiError(response.status, problem && typeof problem === 'object' ? problem : { title: response.statusText });
    if (response.status === 401) onUnauthenticated(error);
    throw error;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
