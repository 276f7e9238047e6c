import { createPartnerBindingClient, type PartnerBindingClient } from '@partner-binding/client';
import { ApiContract, ContractViolation } from './api-contract.js';

/**
 * The generated TypeScript client (clients/typescript) pointed at a test stack, with every answer
 * checked against the served OpenAPI document like the plain test client's.
 */
export function typedClient(baseUrl: string, token?: string): PartnerBindingClient {
  const client = createPartnerBindingClient({ baseUrl, token });
  client.use({
    async onResponse({ request, response }) {
      const text = await response.clone().text();
      const contentType = response.headers.get('content-type') ?? '';
      const body = contentType.includes('json') && text ? JSON.parse(text) : text;
      const url = new URL(request.url);
      const violation = (await ApiContract.load(baseUrl)).checkResponse(
        { method: request.method, path: `${url.pathname}${url.search}` },
        { status: response.status, contentType, body },
      );
      if (violation) throw new ContractViolation(violation);
      return response;
    },
  });
  return client;
}
