import { ValidationFailedError, type FieldProblem } from '@app/common';
import { ACCESS_SCOPES, isAccessScope, type AccessScope } from '@app/partners';
import { UUID_PATTERN } from '../common/dto.js';

export interface AccessQueryValues {
  accountId: string;
  partnerId: string;
  scope: AccessScope;
}

/**
 * The access check's three parameters, checked by hand: the check runs on every partner call the
 * gateway sees, and class-validator's per-request cost (instance, metadata walk, async validate) is a
 * measurable share of it (BENCHMARKS.md). Same rules and problem shape as the DTOs: all three
 * required, UUIDs and a scope of the vocabulary; a repeated parameter is invalid.
 */
export function parseAccessQuery(query: Record<string, unknown> | undefined): AccessQueryValues {
  const { accountId, partnerId, scope } = query ?? {};
  const problems: FieldProblem[] = [];
  if (typeof accountId !== 'string' || !UUID_PATTERN.test(accountId)) problems.push({ field: 'accountId', message: 'accountId must be a UUID' });
  if (typeof partnerId !== 'string' || !UUID_PATTERN.test(partnerId)) problems.push({ field: 'partnerId', message: 'partnerId must be a UUID' });
  if (!isAccessScope(scope)) problems.push({ field: 'scope', message: `scope must be one of: ${ACCESS_SCOPES.join(', ')}` });
  if (problems.length > 0) throw new ValidationFailedError('The request query is not valid.', problems);
  return { accountId: accountId as string, partnerId: partnerId as string, scope: scope as AccessScope };
}
