import createFetchClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths, webhooks } from './schema.js';

/** Every named schema of the API, e.g. `Schemas['Binding']`. */
export type Schemas = components['schemas'];
export type Binding = Schemas['Binding'];
export type BindingStatus = Schemas['BindingStatus'];
export type CataloguePartner = Schemas['CataloguePartner'];
export type Problem = Schemas['Problem'];
export type ErrorCode = Schemas['ErrorCode'];

export type PartnerBindingClient = Client<paths>;

export interface PartnerBindingClientOptions extends ClientOptions {
  /** Where the service answers, e.g. `https://partner-binding.example` (no trailing /v1). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`: the operator token or a user's access token (a function is asked on every request). */
  token?: string | (() => string | undefined);
}

/**
 * A typed client for the Partner Binding Service (openapi-fetch over the generated `paths`):
 * `client.GET('/v1/partners', { params: { query: { q } } })` answers `{ data }` on success and
 * `{ error }` (a problem document with a stable `code`) otherwise, both typed per route and status.
 */
export function createPartnerBindingClient({ token, ...options }: PartnerBindingClientOptions): PartnerBindingClient {
  // Lists in query strings are comma-separated (`?status=pending,active`), as the document says.
  const client = createFetchClient<paths>({ querySerializer: { array: { style: 'form', explode: false } }, ...options });
  if (token !== undefined) {
    client.use({
      onRequest({ request }) {
        const value = typeof token === 'function' ? token() : token;
        if (value) request.headers.set('authorization', `Bearer ${value}`);
        return request;
      },
    });
  }
  return client;
}
