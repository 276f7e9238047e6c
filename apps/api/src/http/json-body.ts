import sjson from 'secure-json-parse';

/**
 * Bodies are parsed leniently here and judged later, in the validation pipe, so that
 * a malformed or non-JSON body is refused only after authentication and authorisation
 * (docs/API.md#check-order). These markers stand in for a body that could not be used.
 */
export const MALFORMED_JSON = Symbol('malformed JSON body');
export const UNSUPPORTED_MEDIA = Symbol('body is not application/json');
export const TOO_DEEP_JSON = Symbol('JSON nested too deeply');

/** No request body of this API needs more; deeper nesting only costs recursion in parsing and validation. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when objects and arrays nest deeper than `max` anywhere in the text. One pass over the bytes,
 * before any parser recurses (braces inside strings do not count; UTF-8 never puts these bytes inside
 * a multi-byte character).
 */
export function nestsDeeperThan(raw: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

export function parseRequestBody(contentType: string | undefined, raw: Buffer): unknown {
  if (!contentType || !JSON_TYPE.test(contentType)) return raw.length === 0 ? undefined : UNSUPPORTED_MEDIA;
  if (raw.length === 0) return undefined;
  if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) return TOO_DEEP_JSON;
  try {
    // Refuses __proto__ / constructor.prototype keys (prototype poisoning).
    return sjson.parse(raw.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return MALFORMED_JSON;
  }
}
