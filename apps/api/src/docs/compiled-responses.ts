import { SetMetadata, type INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { controllerHandlers } from './route-contracts.js';

const COMPILED_RESPONSE_KEY = 'pbs:compiled-response';

/**
 * This route's success answer (its one documented 2xx JSON answer: 200, 201 or 202) is written by a serializer Fastify
 * compiles (fast-json-stringify) from the schema the OpenAPI document gives it, instead of JSON.stringify. For answers
 * on hot paths (the access check, the lists, "Turn On").
 * A compiled serializer writes only the properties its schema names: the schema is taken from the document itself,
 * the one the end-to-end contract check holds every response to, never written by hand.
 */
export const CompiledResponse = () => SetMetadata(COMPILED_RESPONSE_KEY, true);

type JsonSchema = Record<string, unknown>;

/** The operation ids of the handlers marked with @CompiledResponse. */
function markedOperations(app: INestApplication): Set<string> {
  const reflector = new Reflector();
  const marked = new Set<string>();
  for (const { operationId, handler } of controllerHandlers(app)) if (reflector.get<boolean>(COMPILED_RESPONSE_KEY, handler)) marked.add(operationId);
  return marked;
}

/** A schema with every `#/components/schemas/...` reference replaced by the component (fast-json-stringify is given no document). */
function inlineReferences(node: unknown, components: Record<string, unknown>, path: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineReferences(item, components, path));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as JsonSchema).$ref;
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    if (path.includes(name)) throw new Error(`@CompiledResponse: the schema ${name} refers to itself`);
    if (!(name in components)) throw new Error(`@CompiledResponse: unknown schema ${ref}`);
    return inlineReferences(components[name], components, [...path, name]);
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === 'example' || key === 'examples' ? value : inlineReferences(value, components, path)]),
  );
}

/**
 * Gives the routes marked with @CompiledResponse their documented 2xx schema as Fastify's response schema. Called
 * before the application registers its routes (app.init); the routes are matched as they are registered.
 */
export function compileDocumentedResponses(app: INestApplication, document: OpenAPIObject): void {
  const marked = markedOperations(app);
  const schemas = new Map<string, { status: string; schema: JsonSchema }>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, any>)) {
      if (!marked.has(operation?.operationId)) continue;
      const successes = Object.entries((operation.responses ?? {}) as Record<string, any>).filter(
        ([status, answer]) => /^2\d\d$/.test(status) && answer?.content?.['application/json']?.schema,
      );
      if (successes.length !== 1) throw new Error(`@CompiledResponse on ${operation.operationId}: it must document exactly one 2xx application/json answer`);
      const [[status, answer]] = successes as [[string, any]];
      // OpenAPI writes path parameters as {name}, Fastify as :name.
      schemas.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, {
        status,
        schema: inlineReferences(answer.content['application/json'].schema, document.components?.schemas ?? {}) as JsonSchema,
      });
    }
  }
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const applied = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      const documented = schemas.get(key);
      if (!documented) continue;
      route.schema = { ...route.schema, response: { ...(route.schema?.response as object | undefined), [documented.status]: documented.schema } };
      applied.add(key);
    }
  });
  // A marked route that never reached Fastify as documented would silently keep JSON.stringify: refuse to start instead.
  fastify.addHook('onReady', async () => {
    const missed = [...schemas.keys()].filter((key) => !applied.has(key));
    if (missed.length > 0) throw new Error(`@CompiledResponse: no such route registered: ${missed.join(', ')}`);
  });
}
