import { ValidationFailedError } from '@app/common';
import { BindingListQuery, CreateBindingBody } from '../bindings/bindings.dto.js';
import { CatalogueQuery } from '../catalogue/catalogue.dto.js';
import { bodyValidationPipe, queryValidationPipe, RequestValidationPipe } from '../http/request-validation.pipe.js';
import { DeliveryListQuery, RequestListQuery } from '../partner/partner.dto.js';
import { PageQuery } from './dto.js';
import { fastBody, fastQuery } from './fast-query.js';

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

describe('the fast path of "Turn On" bodies', () => {
  const PARTNER_IDS = [
    undefined,
    null,
    '01a21bf8-0ebf-73b7-a6c7-2502a0026217',
    '01A21BF8-0EBF-73B7-A6C7-2502A0026217',
    '01a21bf8-0ebf-73b7-a6c7-2502a002621',
    ' 01a21bf8-0ebf-73b7-a6c7-2502a0026217',
    '',
    42,
    ['01a21bf8-0ebf-73b7-a6c7-2502a0026217'],
  ];
  const SCOPES = [undefined, null, ['orders.read'], [], ['orders.read', 'orders.read'], ['nope'], 'orders.read'];
  const ENDS_AT = [undefined, null, '2027-06-30T00:00:00Z', '', 'x'.repeat(40), 'x'.repeat(41), '😀'.repeat(20), '😀'.repeat(21), 7, {}];
  const EXTRA: Array<Record<string, unknown> | undefined> = [undefined, { unknown: 1 }, { constructor: 'x' }];

  const bodies: Array<Record<string, unknown>> = [];
  for (const partnerId of PARTNER_IDS)
    for (const scopes of SCOPES)
      for (const endsAt of ENDS_AT)
        for (const extra of EXTRA) {
          const body: Record<string, unknown> = { ...extra };
          if (partnerId !== undefined) body.partnerId = partnerId;
          if (scopes !== undefined) body.scopes = scopes;
          if (endsAt !== undefined) body.endsAt = endsAt;
          bodies.push(body);
        }

  const judge = bodyValidationPipe();

  it('a body it takes is the DTO the ValidationPipe makes of it; every bad body (or unknown field) is left to the pipe', async () => {
    let taken = 0;
    for (const body of bodies) {
      const fast = fastBody(CreateBindingBody, body);
      const piped = await judge.transform(structuredClone(body), { type: 'body', metatype: CreateBindingBody }).then(
        (value: unknown) => ({ value, error: undefined }),
        (error: unknown) => ({ value: undefined, error }),
      );
      if (fast === undefined) continue;
      taken++;
      expect(piped.error).toBeUndefined();
      expect(fast).toBeInstanceOf(CreateBindingBody);
      expect(fast).toStrictEqual(piped.value);
    }
    // The well-formed bodies without scopes or extra fields: two partner ids × six acceptable endsAt values.
    expect(taken).toBe(12);
  });

  it('answers bad bodies with the pipe’s own problem', async () => {
    const pipe = new RequestValidationPipe();
    for (const body of [{}, { partnerId: 'nope' }, { partnerId: '01a21bf8-0ebf-73b7-a6c7-2502a0026217', extra: true }]) {
      const error = await pipe.transform(body, { type: 'body', metatype: CreateBindingBody }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationFailedError);
      const expected = await judge.transform(structuredClone(body), { type: 'body', metatype: CreateBindingBody }).catch((caught: unknown) => caught);
      expect((error as ValidationFailedError).fieldProblems).toEqual((expected as ValidationFailedError).fieldProblems);
      expect((error as ValidationFailedError).fieldProblems?.length).toBeGreaterThan(0);
    }
  });
});
