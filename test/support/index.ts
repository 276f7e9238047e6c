export { TestStack, testConfig, type StackOptions } from './test-stack.js';
export { ApiClient, type ApiResponse, type RequestOptions } from './api-client.js';
export { ApiContract, ContractViolation } from './api-contract.js';
export { typedClient } from './typed-client.js';
export { WebhookReceiver, type ReceivedWebhook, type Answer } from './webhook-receiver.js';
export { World, type Seller, type SellerUser, type Partner } from './world.js';
export { TcpProxy } from './tcp-proxy.js';
export { SmtpCatcher, type CaughtEmail } from './smtp-catcher.js';
export { ModuleContext, deleteQueueKeys, settleAll, type ModuleContextOptions } from './integration-support.js';
export { LocalRedis, type LocalRedisNode } from './local-redis.js';
export { b64url, claimsOf, handMadeJwt } from './hand-made-jwt.js';
export { expectProblem } from './expect-problem.js';
export {
  insertBindingRow,
  insertPartnerRows,
  insertDeliveryRow,
  insertSentEmailRow,
  insertSellerNoticeRow,
  insertIdempotencyKeyRow,
  refuseOutboxNotice,
  type BindingRow,
  type PartnerRow,
  type Queryable,
} from './database-rows.js';
// Plain ES modules shared with the benchmark and the scripts (typed by their JSDoc).
export { sleep, waitFor } from '../../scripts/lib/wait.mjs';
export { freePort } from '../../scripts/lib/ports.mjs';
export { uniqueName, uniqueTag } from '../../scripts/lib/unique.mjs';
// What a partner's back end runs: the published client's helper, not a copy of it.
export { verifyWebhookSignature } from '@partner-binding/client/webhooks';
export { TestDnsServer } from './dns-server.js';
