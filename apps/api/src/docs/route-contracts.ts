import type { INestApplication } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AUDIENCE_KEY, OWNERSHIP_CHECKS, PERMISSION_KEY, type Audience, type OwnershipChecks } from '@app/auth';
import type { ErrorCode } from '@app/common';
import { PROBLEM_CODES_KEY, problemResponses } from './problem.doc.js';

/** The operation id of a controller method, e.g. BindingsController.cancel → bindingsCancel. */
export function operationId(controllerKey: string, methodKey: string): string {
  const controller = controllerKey.replace(/Controller$/, '');
  return `${controller[0]!.toLowerCase()}${controller.slice(1)}${methodKey[0]!.toUpperCase()}${methodKey.slice(1)}`;
}

interface RouteFacts {
  audience: Audience | undefined;
  permission: string | undefined;
  /** Codes the route's own decorators name (`@ApiProblems`). */
  codes: ErrorCode[];
}

/** Every controller method of the application, with its class and operation id. */
export function* controllerHandlers(
  app: INestApplication,
): Generator<{ operationId: string; handler: (...args: never[]) => unknown; type: new (...args: never[]) => unknown }> {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (typeof handler === 'function' && name !== 'constructor') yield { operationId: operationId(type.name, name), handler, type };
      }
    }
  }
}

/** What the guard will check on each route, read from the same decorators the guard reads. */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  for (const { operationId: id, handler, type } of controllerHandlers(app)) {
    const targets = [handler, type];
    facts.set(id, {
      audience: reflector.getAllAndOverride<Audience | undefined>(AUDIENCE_KEY, targets),
      permission: reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, targets),
      codes: reflector.get<ErrorCode[] | undefined>(PROBLEM_CODES_KEY, handler) ?? [],
    });
  }
  return facts;
}

const SECURITY: Record<Audience, Record<string, string[]>[]> = {
  public: [],
  operator: [{ operator: [] }],
  seller: [{ user: [] }],
  partner: [{ user: [] }],
  user: [{ user: [] }],
};

/**
 * The errors a route can answer with, in the guard's order: 401 for any caller that must sign in,
 * 403 when only sellers or only partners may call it, 404 when a path id must belong to the caller,
 * 403 for a role's permission, 400/413/415 for a body, 400 for a query, then the route's own codes.
 * Rate limits (429) and outages (503) apply to every signed-in route; public routes (health) are
 * not rate-limited and declare their own answers.
 */
function errorCodes(facts: RouteFacts, operation: Record<string, any>, ownedParams: ReadonlySet<string>): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (facts.audience !== 'public') codes.push('UNAUTHENTICATED', 'RATE_LIMITED', 'UNAVAILABLE');
  if (facts.audience === 'seller' || facts.audience === 'partner') codes.push('FORBIDDEN');
  const pathParams: string[] = (operation.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
  if (facts.audience !== 'operator' && pathParams.some((name) => name === 'accountId' || ownedParams.has(name))) codes.push('NOT_FOUND');
  if (facts.permission) codes.push('FORBIDDEN');
  if (operation.requestBody) codes.push('VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE');
  if ((operation.parameters ?? []).some((p: any) => p.in === 'query' || p.in === 'header')) codes.push('VALIDATION_FAILED');
  return [...codes, ...facts.codes];
}

/**
 * Security requirements and problem responses for every operation, derived from the decorators
 * the guard and the pipes act on (`@For`, `@RequirePermission`, `@Body`, `@Query`, path ids)
 * plus the codes a route names with `@ApiProblems`. A new route gets them without repeating them.
 */
export function applyRouteContracts(app: INestApplication, document: OpenAPIObject): void {
  const facts = routeFacts(app);
  const ownedParams = new Set(Object.keys(app.get<OwnershipChecks>(OWNERSHIP_CHECKS, { strict: false }) ?? {}));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, any>)) {
      const route = facts.get(operation.operationId);
      if (!route) throw new Error(`OpenAPI: no controller route found for ${method.toUpperCase()} ${path} (${operation.operationId})`);
      if (!route.audience) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} has no @For(...) audience`);
      operation.security = SECURITY[route.audience];
      for (const [status, response] of problemResponses(errorCodes(route, operation, ownedParams))) {
        operation.responses[status] = response;
      }
    }
  }
}
