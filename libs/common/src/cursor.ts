import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { ValidationFailedError } from './domain-error.js';

/** HKDF's `info`: names what the derived key is for, so it can never equal a key derived for anything else. */
const CURSOR_KEY_INFO = 'partner-binding-service/list-cursors/v1';

/**
 * Opaque, tamper-evident list cursors: the sort key of the last item, as JSON,
 * base64url-encoded and signed. A cursor that was altered or belongs to another
 * list is refused with a 400 rather than silently paging from somewhere else.
 *
 * The signing key is derived from the configured secret (HKDF-SHA256), never the secret itself:
 * when that secret is JWT_SECRET, cursors and access tokens still never share a key.
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, '', CURSOR_KEY_INFO, 32));
  }

  encode(list: string, position: readonly (string | number)[]): string {
    const body = Buffer.from(JSON.stringify(position)).toString('base64url');
    return `${body}.${this.sign(list, body)}`;
  }

  decode(list: string, cursor: string): (string | number)[] {
    const invalid = () => new ValidationFailedError('The cursor is not valid for this list.', [{ field: 'cursor', message: 'invalid cursor' }]);
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) throw invalid();
    const expected = Buffer.from(this.sign(list, body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    try {
      const position: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      if (!Array.isArray(position) || !position.every((v) => typeof v === 'string' || typeof v === 'number')) throw invalid();
      return position;
    } catch {
      throw invalid();
    }
  }

  /** A cursor of a list ordered by (time, id), newest first: where its next page starts. */
  decodeTimeKey(list: string, cursor: string): TimeKey {
    const [at, id] = this.decode(list, cursor);
    return { at: new Date(String(at)), id: String(id) };
  }

  /**
   * One page of a (time, id) list read `limit + 1` rows at a time: the extra row is not answered, it only
   * says there is a next page, whose cursor holds the last item's time (as `timeOf` gives it) and id.
   */
  timeKeyPage<T extends { id: string }>(list: string, rows: T[], limit: number, timeOf: (item: T) => string): Page<T> {
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? this.encode(list, [timeOf(last), last.id]) : null };
  }

  private sign(list: string, body: string): string {
    return createHmac('sha256', this.key).update(`cursor:${list}:${body}`).digest('base64url').slice(0, 22);
  }
}

/** A position in a list ordered by (time, id). */
export interface TimeKey {
  at: Date;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
