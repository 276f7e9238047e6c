import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ProblemDoc } from './problem.doc.js';
import { compileDocumentedResponses } from './compiled-responses.js';
import { applyRouteContracts, operationId } from './route-contracts.js';
import { addWebhooks } from './webhooks.doc.js';

/*
 * The OpenAPI 3.1 document served at /docs-json (and as a UI at /docs). It is a contract:
 * the end-to-end tests validate every response and webhook against it, `npm test` lints it,
 * and clients/typescript is generated from it.
 *
 * Documenting a new route: give the handler a response type (`@ApiOkResponse({ type: XDoc })`,
 * classes in resources.doc.ts) and `@ApiProblems(...)` for the domain error codes it can answer
 * with. Security, 401/403/404/429/503 and the body and query errors are derived from `@For`,
 * `@RequirePermission`, path ids, `@Body` and `@Query` (route-contracts.ts).
 * A new event type: add it to NOTICE_TYPES and NOTICE_ROUTES (libs/notifications) and describe it in webhooks.doc.ts.
 * Then `npm run client:generate` and commit the regenerated client.
 */

const TAGS: [string, string][] = [
  ['operator', 'The marketplace back office: provisioning and token minting (operator token).'],
  ['me', 'Any signed-in user: who am I and what may I do.'],
  ['catalogue', 'Useful Contacts: certified partners by name (seller users).'],
  ['bindings', 'A seller account’s bindings, Helpful Contacts and notices (seller users; binding and cancelling: administrators).'],
  ['partner', 'The partner’s side: requests, its webhook endpoint and delivery log (partner users).'],
  ['operations', 'Health checks (no credentials).'],
  ['webhooks', 'Events the service POSTs to a partner’s endpoint, signed with X-Signature.'],
];

function documentConfig(): Omit<OpenAPIObject, 'paths'> {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Partner Binding Service')
    .setDescription(
      'Bind certified technical partners to marketplace seller accounts. An administrator requests a binding ("Turn On"), ' +
        "the partner is told by a signed webhook and confirms or declines; bound partners are the seller's Helpful Contacts. " +
        'Every error is application/problem+json with a stable `code`. All ids are UUIDs, all times ISO-8601 UTC; ' +
        'lists are `{ items, nextCursor }` pages (`?limit=` 1–100, default 20; `?cursor=` from the previous page).',
    )
    .setVersion('1')
    .addServer('/', 'The host that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The back office’s OPERATOR_TOKEN (only /v1/operator/*)' }, 'operator')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A seller or partner user’s access token, minted by POST /v1/operator/tokens' },
      'user',
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const config = builder.build();
  // All rights reserved (the package is UNLICENSED); LicenseRef- is SPDX's form for a licence of one's own.
  config.info.license = { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } as OpenAPIObject['info']['license'];
  return config;
}

/** Every path id is a UUID (an id that is not one answers 404, like an unknown one). */
function describePathIds(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, any>)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && /Id$/.test(parameter.name)) parameter.schema = { type: 'string', format: 'uuid' };
      }
    }
  }
}

/** A body without required fields may be left out altogether (the service reads none as `{}`). */
function optionalEmptyBodies(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, any>)) {
      const ref: string | undefined = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? (schemas[ref.split('/').pop()!] as { required?: string[] } | undefined) : undefined;
      if (schema && !schema.required?.length) operation.requestBody.required = false;
    }
  }
}

/**
 * Nest wraps a reference that has a description in a one-member `allOf` (OpenAPI 3.0 allowed no
 * siblings next to `$ref`); 3.1 does, so the reference stands on its own.
 */
function unwrapSingleAllOf(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(unwrapSingleAllOf);
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const allOf = schema.allOf as Record<string, unknown>[] | undefined;
  if (Array.isArray(allOf) && allOf.length === 1 && typeof allOf[0]!.$ref === 'string' && !('$ref' in schema)) {
    schema.$ref = allOf[0]!.$ref;
    delete schema.allOf;
  }
  for (const [key, value] of Object.entries(schema)) if (key !== 'example' && key !== 'examples') unwrapSingleAllOf(value);
}

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(app, documentConfig(), { operationIdFactory: operationId, extraModels: [ProblemDoc] });
  applyRouteContracts(app, document);
  describePathIds(document);
  optionalEmptyBodies(document);
  unwrapSingleAllOf(document);
  addWebhooks(document);
  return document;
}

/** /docs (Swagger UI) and /docs-json; the routes marked @CompiledResponse get their documented answer's serializer. */
export function registerOpenApi(app: NestFastifyApplication): void {
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'Partner Binding Service API' });
  compileDocumentedResponses(app, document);
}
