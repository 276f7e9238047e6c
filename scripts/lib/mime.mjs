// @ts-check
// A small MIME reader, enough for nodemailer's text + HTML alternatives: what the tests' SMTP
// catcher and the demo's inbox need to show a notice e-mail.

/**
 * @param {string} raw
 * @returns {{ headers: Record<string, string>, body: string }}
 */
function splitHead(raw) {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  /** @type {Record<string, string>} */
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/**
 * @param {string} body
 * @param {string | undefined} encoding a Content-Transfer-Encoding
 * @returns {string}
 */
function decodeBody(body, encoding) {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const text = body.replace(/=\r?\n/g, '');
      /** @type {number[]} */
      const bytes = [];
      for (let i = 0; i < text.length; i++) {
        const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : '';
        if (/^[0-9A-F]{2}$/i.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
      }
      return Buffer.from(bytes).toString('utf8');
    }
    default:
      return body;
  }
}

/**
 * RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=), as in a Subject.
 * @param {string} value
 * @returns {string}
 */
export function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset, kind, data) =>
      String(kind).toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeBody(String(data).replace(/_/g, ' '), 'quoted-printable'),
    );
}

/**
 * The headers (lower-case names), the decoded subject and the text and HTML parts of a message.
 * @param {string} raw the message as the SMTP server received it
 * @returns {{ headers: Record<string, string>, subject: string, text: string, html: string }}
 */
export function parseMessage(raw) {
  const { headers, body } = splitHead(raw);
  /** @type {Array<{ type: string, content: string }>} */
  const parts = [];
  /**
   * @param {Record<string, string>} partHeaders
   * @param {string} partBody
   */
  const collect = (partHeaders, partBody) => {
    const type = partHeaders['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      for (const section of partBody.split(`--${boundary}`).slice(1)) {
        if (section.startsWith('--')) break;
        const inner = splitHead(section.replace(/^\r?\n/, ''));
        collect(inner.headers, inner.body);
      }
    } else {
      parts.push({ type: type.toLowerCase(), content: decodeBody(partBody, partHeaders['content-transfer-encoding']) });
    }
  };
  collect(headers, body);
  return {
    headers,
    subject: decodeWords(headers.subject ?? ''),
    text: parts.find((p) => p.type.startsWith('text/plain'))?.content.replace(/\r\n/g, '\n') ?? '',
    html: parts.find((p) => p.type.startsWith('text/html'))?.content.replace(/\r\n/g, '\n') ?? '',
  };
}
