/**
 * A fast path for the hot list queries (`?limit=&cursor=&status=`) and the hot bodies ("Turn On"): an input whose every
 * known field is plainly well-formed becomes the DTO without class-transformer and class-validator (their instance,
 * metadata walk and async validation are a measurable share of a list read: BENCHMARKS.md). Anything
 * else — a bad value, a repeated parameter, an unusual spelling such as `limit=1e1` — goes to the
 * ValidationPipe as before, which stays the one judge of errors: the problem+json answers are its own.
 * The DTO classes and their decorators stay the rules and the OpenAPI document; `fast-query.spec.ts`
 * checks each fast path against the pipe.
 */

/** Left to the ValidationPipe. */
export const NOT_FAST = Symbol('NOT_FAST');

/** A parameter's value as the DTO holds it, `undefined` when absent (the class default applies), or NOT_FAST. */
export type FastField = (raw: unknown) => unknown;

type QueryClass = new () => object;
type Fields = ReadonlyArray<[name: string, read: FastField]>;

const fastQueries = new Map<QueryClass, Fields>();
const fastBodies = new Map<QueryClass, { fields: Fields; names: ReadonlySet<string> }>();

/** Class decorator: this query DTO (exactly this class, not its subclasses) takes the fast path with these fields. */
export const FastQuery =
  (fields: Record<string, FastField>) =>
  (target: QueryClass): void => {
    fastQueries.set(target, Object.entries(fields));
  };

/**
 * Class decorator: this body DTO (exactly this class) takes the fast path with these fields. A body is strict, so a
 * body with any other field is left to the pipe (which answers `unknown field`).
 */
export const FastBody =
  (fields: Record<string, FastField>) =>
  (target: QueryClass): void => {
    fastBodies.set(target, { fields: Object.entries(fields), names: new Set(Object.keys(fields)) });
  };

/** The DTO of a well-formed query of a class with a fast path; undefined: leave it to the pipe. */
export function fastQuery(metatype: unknown, query: unknown): object | undefined {
  const fields = fastQueries.get(metatype as QueryClass);
  return fields ? dtoOf(metatype as QueryClass, fields, query) : undefined;
}

/** The DTO of a well-formed JSON object body of a class with a fast path and no other field; undefined: leave it to the pipe. */
export function fastBody(metatype: unknown, body: object): object | undefined {
  const fast = fastBodies.get(metatype as QueryClass);
  if (!fast || Object.keys(body).some((name) => !fast.names.has(name))) return undefined;
  return dtoOf(metatype as QueryClass, fast.fields, body);
}

function dtoOf(metatype: QueryClass, fields: Fields, input: unknown): object | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const dto = new metatype() as Record<string, unknown>;
  for (const [name, read] of fields) {
    const value = read(Object.hasOwn(input, name) ? (input as Record<string, unknown>)[name] : undefined);
    if (value === NOT_FAST) return undefined;
    if (value !== undefined) dto[name] = value;
  }
  return dto;
}

/** A string matching `pattern` (which must not be global or sticky: it is tested again and again). */
export const textMatching =
  (pattern: RegExp): FastField =>
  (raw) => {
    if (raw === undefined) return undefined;
    return typeof raw === 'string' && pattern.test(raw) ? raw : NOT_FAST;
  };

/** Refuses absence (left to the pipe, which names the missing field), else what `read` makes of the value. */
export const required =
  (read: FastField): FastField =>
  (raw) =>
    raw === undefined ? NOT_FAST : read(raw);

/** `null`, or what `read` makes of any other value. */
export const orNull =
  (read: FastField): FastField =>
  (raw) =>
    raw === null ? null : read(raw);

/** Always left to the pipe when present (e.g. arrays, whose checks are the decorators' alone). */
export const absentOnly: FastField = (raw) => (raw === undefined ? undefined : NOT_FAST);

/** An integer written plainly (`1`–`max`, no sign, point, exponent or leading zero). */
export const plainInteger =
  (max: number): FastField =>
  (raw) => {
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string' || !/^[1-9][0-9]{0,5}$/.test(raw)) return NOT_FAST;
    const value = Number(raw);
    return value <= max ? value : NOT_FAST;
  };

/** A string of at most `maxLength` UTF-16 units (so of at most as many characters, which class-validator counts). */
export const shortText =
  (maxLength: number): FastField =>
  (raw) => {
    if (raw === undefined) return undefined;
    return typeof raw === 'string' && raw.length <= maxLength ? raw : NOT_FAST;
  };

/** A comma-separated list (one parameter, not repeated) split as `split` does, every item one of `allowed`. */
export const commaSeparatedOf =
  (allowed: readonly string[], split: (raw: string) => string[]): FastField =>
  (raw) => {
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') return NOT_FAST;
    const items = split(raw);
    return items.every((item) => allowed.includes(item)) ? items : NOT_FAST;
  };
