import { ValidationFailedError } from '@app/common';

/** The earliest and latest an `endsAt` may be, from now (docs/API.md#fixed-terms). */
export const MIN_TERM_MS = 60_000;
export const MAX_TERM_MS = 2 * 366 * 86_400_000;

/** An ISO-8601 date-time with an explicit zone: a bare date or a local time is ambiguous, so it is refused. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * The end of a term as given at "Turn On" or to `extend`: null (or absent) for open-ended, else an ISO time
 * at least 60 seconds and at most two years ahead of `now`. Anything else is 400 VALIDATION_FAILED.
 */
export function parseEndsAt(raw: string | null | undefined, now: Date): Date | null {
  if (raw === undefined || raw === null) return null;
  const at = ISO_DATE_TIME.test(raw) ? new Date(raw) : null;
  if (!at || Number.isNaN(at.getTime())) throw endsAtProblem('endsAt must be an ISO-8601 date-time with a time zone, e.g. 2027-01-31T00:00:00Z, or null.');
  if (at.getTime() < now.getTime() + MIN_TERM_MS) throw endsAtProblem('endsAt must be at least 60 seconds from now.');
  if (at.getTime() > now.getTime() + MAX_TERM_MS) throw endsAtProblem('endsAt must be at most 2 years from now.');
  return at;
}

export function endsAtProblem(message: string): ValidationFailedError {
  return new ValidationFailedError(message, [{ field: 'endsAt', message }]);
}
