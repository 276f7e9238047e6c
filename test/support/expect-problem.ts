import { expect } from '@jest/globals';
import type { ApiResponse } from './api-client.js';

/**
 * The answer is an `application/problem+json` error (docs/API.md#errors) with this status and
 * code, and the document has the fields every problem carries.
 */
export function expectProblem(response: ApiResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.contentType).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), code });
}
