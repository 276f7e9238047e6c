import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestStack, World, type Seller } from '@app/testing';

const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** Request shapes built to cost the service: deep JSON, 16 KiB of brackets. */
describe('deeply nested JSON', () => {
  let stack: TestStack;
  let seller: Seller;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    seller = await new World(stack.client).seller();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const send = (rawBody: string, token: string | null = stack.client.operatorToken, path = '/v1/operator/accounts') =>
    stack.client.request('POST', path, { token, rawBody, headers: { 'content-type': 'application/json' } });

  it('deeper than 32 levels is 400 VALIDATION_FAILED, and changes nothing', async () => {
    for (const body of [
      `{"name":"Deep","extra":${nested(33)}}`,
      `{"name":${'{"a":'.repeat(33)}1${'}'.repeat(33)}}`,
      '['.repeat(16 * 1024), // 16 KiB of brackets, not even closed
      `{"name":"x","a":${nested(8000)}}`.slice(0, 16 * 1024),
    ]) {
      const response = await send(body);
      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.detail).toMatch(/deeper than 32 levels/);
    }
    const accounts = await stack.client.get('/v1/operator/users?kind=seller&limit=100', stack.client.operatorToken);
    expect(accounts.status).toBe(200);
  });

  it('32 levels are parsed as usual (here: refused only because the field is unknown)', async () => {
    const response = await send(`{"name":"Shallow enough","extra":${nested(31)}}`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ field: 'extra', message: 'unknown field' }]);
    // Braces inside strings do not count.
    expect((await send(JSON.stringify({ name: '{'.repeat(100) }))).status).toBe(201);
  });

  it('authentication is still checked first (401 before 400), on seller routes too', async () => {
    expect((await send('['.repeat(16 * 1024), null)).status).toBe(401);
    const bind = await send('['.repeat(16 * 1024), seller.admin.token, `/v1/accounts/${seller.accountId}/bindings`);
    expect(bind.status).toBe(400);
    expect(bind.body.code).toBe('VALIDATION_FAILED');
  });
});
