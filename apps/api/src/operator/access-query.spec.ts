import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@app/common';
import { parseAccessQuery } from './access-query.js';

const A = '01a21bf8-0ebf-73b7-a6c7-2502a0026217';
const P = '01a21bf8-0ebf-73b7-a6c7-2502a0026218';

const problemsOf = (query: Record<string, unknown> | undefined) => {
  try {
    parseAccessQuery(query);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION_FAILED');
    return (error as DomainError).fieldProblems?.map((p) => p.field);
  }
};

describe('parseAccessQuery', () => {
  it('takes two UUIDs and a scope of the vocabulary, ignoring other parameters', () => {
    expect(parseAccessQuery({ accountId: A, partnerId: P, scope: 'orders.read', extra: 'x' })).toEqual({ accountId: A, partnerId: P, scope: 'orders.read' });
  });

  it('names every missing or invalid parameter', () => {
    expect(problemsOf(undefined)).toEqual(['accountId', 'partnerId', 'scope']);
    expect(problemsOf({ accountId: 'x', partnerId: P, scope: 'orders.read' })).toEqual(['accountId']);
    expect(problemsOf({ accountId: A, partnerId: `${P} `, scope: 'orders.read' })).toEqual(['partnerId']);
    expect(problemsOf({ accountId: A, partnerId: P, scope: 'orders.delete' })).toEqual(['scope']);
    expect(problemsOf({ accountId: A, partnerId: P, scope: 'constructor' })).toEqual(['scope']);
    expect(problemsOf({ accountId: [A, A], partnerId: P, scope: ['orders.read', 'orders.read'] })).toEqual(['accountId', 'scope']);
  });
});
