export { TestStack, testConfig, uniqueName, waitFor, type StackOptions } from './test-stack.js';
export { ApiClient, type ApiResponse, type RequestOptions } from './api-client.js';
export { WebhookReceiver, type ReceivedWebhook, type Answer } from './webhook-receiver.js';
export { World, type Seller, type SellerUser, type Partner } from './world.js';
export { TcpProxy } from './tcp-proxy.js';
export { SmtpCatcher, type CaughtEmail } from './smtp-catcher.js';
export { deleteQueueKeys, sleep, settleAll } from './integration-support.js';
export { TestDnsServer } from './dns-server.js';
