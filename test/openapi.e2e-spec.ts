import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { TestStack } from '@app/testing';

/** Every route a controller declares, as "METHOD /path/{param}", except controllers excluded from the docs. */
function controllerRoutes(stack: TestStack): string[] {
  const routes = new Set<string>();
  for (const module of stack.api.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type || Reflect.getMetadata('swagger/apiExcludeController', type)) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler);
        const method = Reflect.getMetadata(METHOD_METADATA, handler);
        if (path === undefined || method === undefined) continue;
        if (Reflect.getMetadata('swagger/apiExcludeEndpoint', handler)) continue;
        const full = `/${[base, String(path)].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}');
        routes.add(`${RequestMethod[method]} ${full}`);
      }
    }
  }
  return [...routes].sort();
}

describe('OpenAPI', () => {
  let stack: TestStack;
  let document: any;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    document = (await stack.client.get('/docs-json')).body;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('documents every controller route', () => {
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = controllerRoutes(stack);
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('describes both auth schemes, responses and problem+json errors on the documented routes', () => {
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['operator', 'user']);
    const bind = document.paths['/v1/accounts/{accountId}/bindings'].post;
    expect(bind.security).toEqual([{ user: [] }]);
    expect(bind.responses['202'].content['application/json'].schema.$ref).toContain('BindingDoc');
    for (const status of ['400', '401', '403', '404', '409', '413', '415', '422', '429', '503']) {
      expect(bind.responses[status].content['application/problem+json'].schema.$ref).toContain('ProblemDoc');
    }
    expect(bind.requestBody.content['application/json'].schema.$ref).toContain('CreateBindingBody');
    expect(document.paths['/v1/operator/accounts'].post.security).toEqual([{ operator: [] }]);
    expect(document.components.schemas.BindingDoc.properties.status.enum).toEqual(['pending', 'active', 'declined', 'expired', 'cancelled']);
  });

  it('serves the Swagger UI at /docs', async () => {
    const page = await stack.client.get('/docs');
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(String(page.body)).toContain('swagger');
  });
});
