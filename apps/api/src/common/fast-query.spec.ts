import { ValidationFailedError } from '@app/common';
import { BindingListQuery } from '../bindings/bindings.dto.js';
import { CatalogueQuery } from '../catalogue/catalogue.dto.js';
import { queryValidationPipe, RequestValidationPipe } from '../http/request-validation.pipe.js';
import { DeliveryListQuery, RequestListQuery } from '../partner/partner.dto.js';
import { PageQuery } from './dto.js';
import { fastQuery } from './fast-query.js';

const LIMITS = [undefined, '1', '20', '100', '101', '0', '', '007', '1.0', '1e1', '+5', ' 5', '-1', 'abc', '1000000', ['1', '2']];
const CURSORS = [undefined, '', 'eyJ0IjoiMjAyNi0xMS0yOSJ9.c2ln', 'x'.repeat(1000), 'x'.repeat(1001), 'é'.repeat(1000), ['a', 'b']];
const BINDING_STATUS_VALUES = [
  undefined,
  '',
  'active',
  'pending,active',
  ' pending , active ,',
  'active,,ended',
  'Active',
  'bogus',
  'active,bogus',
  ['pending', 'active'],
];
const DELIVERY_STATUS_VALUES = [undefined, 'failed', 'delivered,failed', 'pending', 'active', ['failed', 'failed']];

/** Every combination of the given values per parameter (undefined: the parameter is absent), plus an unknown parameter. */
function queries(values: Record<string, readonly unknown[]>): Array<Record<string, unknown>> {
  let all: Array<Record<string, unknown>> = [{ unknown: 'ignored' }];
  for (const [name, options] of Object.entries(values)) {
    all = all.flatMap((query) => options.map((value) => (value === undefined ? query : { ...query, [name]: value })));
  }
  return all;
}

const judge = queryValidationPipe();
const judged = async (metatype: unknown, query: Record<string, unknown>) => {
  try {
    return { value: (await judge.transform(query, { type: 'query', metatype: metatype as never })) as unknown };
  } catch (error) {
    return { error };
  }
};

describe('the fast path of list queries', () => {
  const cases: Array<[string, unknown, Array<Record<string, unknown>>]> = [
    ['PageQuery', PageQuery, queries({ limit: LIMITS, cursor: CURSORS })],
    ['BindingListQuery', BindingListQuery, queries({ limit: LIMITS, cursor: CURSORS.slice(0, 4), status: BINDING_STATUS_VALUES })],
    ['RequestListQuery', RequestListQuery, queries({ limit: LIMITS.slice(0, 8), status: BINDING_STATUS_VALUES })],
    ['DeliveryListQuery', DeliveryListQuery, queries({ limit: LIMITS.slice(0, 8), cursor: CURSORS.slice(0, 3), status: DELIVERY_STATUS_VALUES })],
  ];

  it.each(cases)('%s: a query it takes is the DTO the ValidationPipe makes of it; every bad query is left to the pipe', async (_name, metatype, all) => {
    let taken = 0;
    for (const query of all) {
      const fast = fastQuery(metatype, query);
      const piped = await judged(metatype, query);
      if (fast === undefined) continue;
      taken++;
      // Never accepts what the pipe refuses, and makes the same instance with the same values.
      expect(piped.error).toBeUndefined();
      expect(fast).toBeInstanceOf(metatype as never);
      expect(fast).toStrictEqual(piped.value);
    }
    // The common well-formed queries do take it.
    expect(taken).toBeGreaterThan(all.length / 10);
    expect(fastQuery(metatype, {})).toStrictEqual((await judged(metatype, {})).value);
  });

  it('answers bad queries with the pipe’s own problem, field by field', async () => {
    const pipe = new RequestValidationPipe();
    const query = { limit: '0', status: 'active,bogus', cursor: 'x'.repeat(1001) };
    const error = await pipe.transform(query, { type: 'query', metatype: BindingListQuery }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailedError);
    const expected = (await judged(BindingListQuery, query)).error as ValidationFailedError;
    expect((error as ValidationFailedError).message).toBe(expected.message);
    expect((error as ValidationFailedError).fieldProblems).toEqual(expected.fieldProblems);
    expect((error as ValidationFailedError).fieldProblems?.map((problem) => problem.field)).toEqual(['status', 'limit', 'cursor']);
  });

  it('takes only the classes marked for it (a subclass or another query DTO goes to the pipe)', () => {
    expect(fastQuery(CatalogueQuery, { q: 'integr' })).toBeUndefined();
    expect(fastQuery(PageQuery, { limit: '5' })).toStrictEqual(Object.assign(new PageQuery(), { limit: 5 }));
  });
});
