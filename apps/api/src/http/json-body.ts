import sjson from 'secure-json-parse';

/**
 * Bodies are parsed leniently here and judged later, in the validation pipe, so that
 * a malformed or non-JSON body is refused only after authentication and authorisation
 * (docs/API.md#check-order). These markers stand in for a body that could not be used.
 */
export const MALFORMED_JSON = Symbol('malformed JSON body');
export const UNSUPPORTED_MEDIA = Symbol('body is not application/json');

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

export function parseRequestBody(contentType: string | undefined, raw: Buffer): unknown {
  if (!contentType || !JSON_TYPE.test(contentType)) return raw.length === 0 ? undefined : UNSUPPORTED_MEDIA;
  if (raw.length === 0) return undefined;
  try {
    // Refuses __proto__ / constructor.prototype keys (prototype poisoning).
    return sjson.parse(raw.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return MALFORMED_JSON;
  }
}
