import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { NOTICE_TYPES, PING_EVENT_TYPE, type NoticeType } from '@app/notifications';
import { BindingDoc, NamedRefDoc } from './resources.doc.js';

/**
 * What each event tells, and to whom. A `Record` over every notice type, so a new event type
 * does not compile until it is described here (and so documented in `webhooks`).
 */
const EVENT_MEANING: Readonly<Record<NoticeType, { summary: string; description: string }>> = {
  'binding.requested': {
    summary: 'A seller asks to bind you',
    description: 'An administrator pressed "Turn On". Sent to the partner (confirm or decline it through the partner API).',
  },
  'binding.confirmed': { summary: 'The partner confirmed', description: 'The binding is active. A seller notice (not sent to the partner, who confirmed it).' },
  'binding.declined': { summary: 'The partner declined', description: 'The request was declined; `declineReason` says why when given. A seller notice.' },
  'binding.expired': { summary: 'A request expired unanswered', description: 'Nobody answered before `expiresAt`. Sent to the partner.' },
  'binding.cancelled': {
    summary: 'The seller cancelled',
    description: 'An administrator cancelled a pending or active binding (or the marketplace closed the account: actor kind `system`). Sent to the partner.',
  },
  'binding.terminated': {
    summary: 'The partner ended the binding',
    description: 'The partner ended an active binding; `terminationReason` says why when given. A seller notice (not sent to the partner, who ended it).',
  },
  'binding.scopes_narrowed': {
    summary: 'The seller narrowed the scopes',
    description:
      'An administrator narrowed what a pending or active binding grants; `binding.scopes` is what it grants from now on (the status is unchanged). Sent to the partner and the seller.',
  },
  'binding.ended': {
    summary: 'A fixed term ended',
    description: 'The binding’s `endsAt` passed: it is `ended` and the slot is free. Sent to the partner and the seller.',
  },
  'binding.extended': {
    summary: 'The seller extended the term',
    description: 'An administrator moved `endsAt` later or removed it (`null`: open-ended); the status stays `active`. Sent to the partner and the seller.',
  },
  'binding.ending_soon': {
    summary: 'A fixed term ends soon',
    description:
      'A reminder (not a transition) at each configured offset before `endsAt`; `data.remindAt` is the moment it was for. Sent once per offset to the partner and the seller.',
  },
  'binding.request_expiring': {
    summary: 'A request expires soon',
    description:
      'A reminder (not a transition) before a pending request’s `expiresAt`; `data.remindAt` is the moment it was for. Sent once, to the partner only.',
  },
  'partner.decertified': {
    summary: 'A bound partner lost its certification',
    description: 'The marketplace decertified a partner this account has a live binding with; the binding stays. A seller notice (not sent to the partner).',
  },
};

const PING = {
  summary: 'A test event you asked for',
  description:
    'Sent when the endpoint’s owner calls `POST /v1/partner/webhook/ping` or `POST /v1/accounts/{accountId}/webhook/ping`: ' +
    'signed, queued, retried and logged like every event, with no data. Answer 2xx.',
};

/** components/schemas name of one event type's body, e.g. binding.requested → BindingRequestedEvent. */
export function eventSchemaName(type: NoticeType): string {
  return `${type
    .split(/[._]/)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')}Event`;
}

const HEADERS = [
  {
    name: 'X-Event-Id',
    description: 'The event id (= the body’s `id`), the same on every attempt: de-duplicate on it.',
    schema: { type: 'string', format: 'uuid' },
  },
  { name: 'X-Event-Type', description: 'The body’s `type`.', schema: { type: 'string' } },
  {
    name: 'X-Signature',
    description:
      '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` with the endpoint’s webhook secret (the partner’s, or the seller account’s). ' +
      'Verify it over the raw bytes before parsing, compare in constant time and refuse an old `t` (replays).',
    schema: { type: 'string', pattern: '^t=\\d+,v1=[0-9a-f]{64}$' },
    example: 't=1795765524,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
  },
  { name: 'X-Delivery-Attempt', description: '1 on the first attempt, then 2, 3…', schema: { type: 'string', pattern: '^[1-9]\\d*$' } },
  { name: 'X-Request-Id', description: 'The id of the API request that caused the event, when there was one (for support).', schema: { type: 'string' } },
].map((header) => ({ in: 'header', required: !['X-Request-Id'].includes(header.name), ...header }));

/**
 * The OpenAPI 3.1 `webhooks` section: one entry per event type, each with its body schema
 * (`<Type>Event` in components), the headers and what an answer means. The generated client's
 * webhook helper types its events from this section.
 */
export function addWebhooks(document: OpenAPIObject): void {
  const schemas = ((document.components ??= {}).schemas ??= {});
  schemas.EventData = {
    type: 'object',
    required: ['binding', 'account'],
    properties: {
      binding: { $ref: getSchemaPath(BindingDoc), description: 'The binding as it was right after the change' },
      account: { $ref: getSchemaPath(NamedRefDoc), description: 'The seller account' },
      remindAt: {
        type: 'string',
        format: 'date-time',
        description: 'Reminders only (binding.ending_soon, binding.request_expiring): the moment the reminder was for',
      },
    },
  };
  const webhooks: Record<string, unknown> = {};
  for (const type of NOTICE_TYPES) {
    const name = eventSchemaName(type);
    schemas[name] = {
      type: 'object',
      description: EVENT_MEANING[type].description,
      required: ['id', 'type', 'createdAt', 'data'],
      properties: {
        id: { type: 'string', format: 'uuid', description: 'The event id (also X-Event-Id and the audit event’s id)' },
        type: { type: 'string', enum: [type] },
        createdAt: { type: 'string', format: 'date-time', description: 'When it happened' },
        data: { $ref: '#/components/schemas/EventData' },
      },
    };
    webhooks[type] = webhookOperation(name, EVENT_MEANING[type]);
  }
  addPing(schemas, webhooks);
  document.webhooks = webhooks as OpenAPIObject['webhooks'];
}

function webhookOperation(name: string, meaning: { summary: string; description: string }) {
  return {
    post: {
      operationId: `on${name}`,
      tags: ['webhooks'],
      summary: meaning.summary,
      description: `${meaning.description} Delivery is at-least-once: answer 2xx within the timeout (5 s by default); anything else is retried with backoff, the same \`id\` each time. Redirects are not followed.`,
      security: [],
      parameters: HEADERS,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
      responses: {
        '2XX': { description: 'Received: the delivery is done' },
        '4XX': { description: 'Not accepted: retried later (then `failed` in the delivery log)' },
        '5XX': { description: 'Not accepted: retried later (then `failed` in the delivery log)' },
      },
    },
  };
}

/** The `ping` event: the same envelope, with empty `data`. */
function addPing(schemas: Record<string, unknown>, webhooks: Record<string, unknown>): void {
  schemas.PingEvent = {
    type: 'object',
    description: PING.description,
    required: ['id', 'type', 'createdAt', 'data'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'The event id (also X-Event-Id)' },
      type: { type: 'string', enum: [PING_EVENT_TYPE] },
      createdAt: { type: 'string', format: 'date-time', description: 'When the ping was asked for' },
      data: { type: 'object', additionalProperties: false, properties: {}, description: 'Empty: a ping tells nothing but that the endpoint is reached' },
    },
  };
  webhooks[PING_EVENT_TYPE] = webhookOperation('PingEvent', PING);
}
