import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { SELLER_PERMISSIONS, SELLER_ROLES } from '@app/accounts';
import { USER_KINDS } from '@app/auth';
import { BINDING_STATUSES } from '@app/bindings';
import { STATUS_OF } from '@app/common';
import { DELIVERY_STATUSES, NOTICE_TYPES, PING_EVENT_TYPE } from '@app/notifications';
import { PARTNER_PERMISSIONS } from '@app/partners';
import { ApiContract, TestStack } from '@app/testing';

const SNAPSHOT = new URL('../clients/typescript/openapi.json', import.meta.url);

/** Lint findings we accept, each with the reason: health checks have no 4xx answer to document. */
const ACCEPTED_LINT = new Set(['operation-4xx-response #/paths/~1health~1live/get/responses', 'operation-4xx-response #/paths/~1health~1ready/get/responses']);

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

const operationsOf = (document: any) =>
  Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
  );

describe('OpenAPI', () => {
  let stack: TestStack;
  let document: any;
  let served: string;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    const response = await fetch(`${stack.baseUrl}/docs-json`);
    served = await response.text();
    document = JSON.parse(served);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('documents every controller route', () => {
    const documented = operationsOf(document).map(({ route }) => route);
    const routes = controllerRoutes(stack);
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('is OpenAPI 3.1 with servers, a licence, both auth schemes, and security on every operation (none on public ones)', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(document.info.license).toEqual({ name: 'Proprietary', identifier: 'LicenseRef-Proprietary' });
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['operator', 'user']);
    const security = Object.fromEntries(operationsOf(document).map(({ route, operation }) => [route, operation.security]));
    expect(security['POST /v1/operator/accounts']).toEqual([{ operator: [] }]);
    expect(security['POST /v1/accounts/{accountId}/bindings']).toEqual([{ user: [] }]);
    expect(security['GET /v1/me']).toEqual([{ user: [] }]);
    expect(security['GET /health/ready']).toEqual([]);
    expect(Object.entries(security).filter(([, value]) => !Array.isArray(value))).toEqual([]);
  });

  it('types the fields clients got wrong: nullable strings, the catalogue’s binding, an optional Idempotency-Key', () => {
    const schemas = document.components.schemas;
    expect(schemas.Contacts.properties.phone.type).toEqual(['string', 'null']);
    expect(schemas.Contacts.properties.website.type).toEqual(['string', 'null']);
    expect(schemas.Partner.properties.webhookUrl.type).toEqual(['string', 'null']);
    expect(schemas.CataloguePartner.properties.binding.anyOf).toEqual([{ $ref: '#/components/schemas/BindingRef' }, { type: 'null' }]);
    const bind = document.paths['/v1/accounts/{accountId}/bindings'].post;
    expect(bind.parameters.filter((p: any) => p.in === 'header')).toEqual([expect.objectContaining({ name: 'Idempotency-Key', required: false })]);
    expect(document.paths['/v1/partner/requests/{bindingId}/confirm'].post.requestBody.required).toBe(false);
  });

  it('lists each route’s error statuses with their codes as problem+json', () => {
    const bind = document.paths['/v1/accounts/{accountId}/bindings'].post;
    expect(Object.keys(bind.responses).sort()).toEqual(['202', '400', '401', '403', '404', '409', '413', '415', '422', '429', '503']);
    const conflict = bind.responses['409'].content['application/problem+json'].schema;
    expect(conflict.allOf[0]).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(conflict.allOf[1].properties.code.enum).toEqual(['BINDING_EXISTS', 'IDEMPOTENCY_IN_PROGRESS', 'PARTNER_LIMIT_REACHED']);
    const cancel = document.paths['/v1/accounts/{accountId}/bindings/{bindingId}/cancel'].post;
    expect(cancel.responses['409'].content['application/problem+json'].schema.allOf[1].properties.code.enum).toEqual(['INVALID_STATE']);
    expect(document.paths['/v1/me'].get.responses['403']).toBeUndefined();
  });

  it('takes its enums from the constants the service validates with', () => {
    const schemas = document.components.schemas;
    expect(schemas.BindingStatus.enum).toEqual([...BINDING_STATUSES]);
    expect(schemas.SellerRole.enum).toEqual([...SELLER_ROLES]);
    expect(schemas.DeliveryStatus.enum).toEqual([...DELIVERY_STATUSES]);
    expect(schemas.EventType.enum).toEqual([...NOTICE_TYPES]);
    expect(schemas.UserKind.enum).toEqual([...USER_KINDS]);
    expect(schemas.Me.properties.permissions.items.enum).toEqual([...new Set([...SELLER_PERMISSIONS, ...PARTNER_PERMISSIONS])]);
    expect([...schemas.ErrorCode.enum].sort()).toEqual(Object.keys(STATUS_OF).sort());
    expect(Object.keys(document.webhooks)).toEqual([...NOTICE_TYPES, PING_EVENT_TYPE]);
    expect(schemas.DeliveryEventType.enum).toEqual([...NOTICE_TYPES, PING_EVENT_TYPE]);
  });

  it('passes Redocly’s recommended lint: no errors, no warnings but the accepted ones', async () => {
    const problems = await lintFromString({
      source: served,
      absoluteRef: `${stack.baseUrl}/docs-json`,
      config: await createConfig({ extends: ['recommended'] }),
    });
    const found = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(found.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(
      problems
        .filter((p) => !ACCEPTED_LINT.has(`${p.ruleId} ${p.location[0]?.pointer}`))
        .map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`),
    ).toEqual([]);
  });

  it('is the served document the TypeScript client was generated from (npm run client:generate)', () => {
    const formatted = `${JSON.stringify(document, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(SNAPSHOT, formatted);
    expect(readFileSync(SNAPSHOT, 'utf8')).toBe(formatted);
  });

  it('refuses, in the tests’ contract check, what the document does not say: undocumented statuses, wrong types, unknown fields, unknown events', async () => {
    const contract = new ApiContract(document);
    const partner = {
      id: '01a21bf8-0ebf-73b7-a6c7-2502a0026217',
      name: 'P',
      description: '',
      certified: true,
      services: [],
      scopes: ['orders.read'],
      binding: null,
      contacts: { email: 'a@b.example', phone: null, website: null },
    };
    const ok = { status: 200, contentType: 'application/json', body: partner };
    const get = { method: 'GET', path: `/v1/partners/${partner.id}` };
    expect(contract.checkResponse(get, ok)).toBeNull();
    expect(contract.checkResponse(get, { ...ok, status: 409 })).toMatch(/409, a status the OpenAPI document does not list/);
    expect(contract.checkResponse(get, { ...ok, body: { ...partner, contacts: { ...partner.contacts, phone: {} } } })).toMatch(
      /\/contacts\/phone must be string,null/,
    );
    expect(contract.checkResponse(get, { ...ok, body: { ...partner, secret: 'x' } })).toMatch(/unevaluated properties: secret/);
    expect(
      contract.checkResponse(get, {
        ...ok,
        status: 404,
        contentType: 'application/problem+json',
        body: { type: 'x', title: 'Not Found', status: 404, detail: 'd', code: 'INVALID_STATE' },
      }),
    ).toMatch(/code must be equal to one of the allowed values/);
    expect(contract.checkWebhook({}, { id: partner.id, type: 'binding.renamed', createdAt: '2026-01-01T00:00:00.000Z', data: {} })).toMatch(/not documented/);
    expect(
      contract.checkWebhook({ 'x-event-id': partner.id }, { id: partner.id, type: 'binding.requested', createdAt: '2026-01-01T00:00:00.000Z', data: {} }),
    ).toMatch(/header X-Signature is missing[\s\S]*must have required property 'binding'/);
  });
});
