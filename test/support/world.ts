import type { ApiClient } from './api-client.js';
import { uniqueTag as unique } from '../../scripts/lib/unique.mjs';

export interface SellerUser {
  id: string;
  email: string;
  role: string;
  token: string;
}

export interface Seller {
  accountId: string;
  name: string;
  admin: SellerUser;
  manager: SellerUser;
  viewer: SellerUser;
}

export interface Partner {
  id: string;
  name: string;
  webhookSecret: string;
  user: { id: string; token: string };
}

function expectStatus(response: { status: number; body: unknown }, status: number, what: string): void {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
}

/** Builds the people and companies of a test through the operator API, as a real back office would. */
export class World {
  constructor(private readonly client: ApiClient) {}

  async token(userId: string, ttlSeconds?: number): Promise<string> {
    const response = await this.client.operator('POST', '/v1/operator/tokens', { userId, ...(ttlSeconds ? { ttlSeconds } : {}) });
    expectStatus(response, 201, 'mint token');
    return response.body.accessToken;
  }

  async sellerUser(accountId: string, role: 'admin' | 'manager' | 'viewer'): Promise<SellerUser> {
    const email = `${role}-${unique()}@seller.test`;
    const response = await this.client.operator('POST', `/v1/operator/accounts/${accountId}/users`, { email, name: `${role} ${unique()}`, role });
    expectStatus(response, 201, 'create seller user');
    return { id: response.body.id, email, role, token: await this.token(response.body.id) };
  }

  async seller(name = `Seller ${unique()}`): Promise<Seller> {
    const account = await this.client.operator('POST', '/v1/operator/accounts', { name });
    expectStatus(account, 201, 'create account');
    const accountId = account.body.id;
    const [admin, manager, viewer] = await Promise.all([
      this.sellerUser(accountId, 'admin'),
      this.sellerUser(accountId, 'manager'),
      this.sellerUser(accountId, 'viewer'),
    ]);
    return { accountId, name, admin, manager, viewer };
  }

  async partner(options: { name?: string; certified?: boolean; webhookUrl?: string; services?: string[]; scopes?: string[] } = {}): Promise<Partner> {
    const name = options.name ?? `Partner ${unique()}`;
    const created = await this.client.operator('POST', '/v1/operator/partners', {
      name,
      description: `${name} integrates things.`,
      certified: options.certified ?? true,
      contacts: { email: `hello-${unique()}@partner.test`, phone: '+7 495 000-00-00', website: 'https://partner.test' },
      services: options.services ?? ['Integration'],
      ...(options.scopes ? { scopes: options.scopes } : {}),
      ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}),
    });
    expectStatus(created, 201, 'create partner');
    const user = await this.client.operator('POST', `/v1/operator/partners/${created.body.id}/users`, {
      email: `staff-${unique()}@partner.test`,
      name: 'Partner Staff',
    });
    expectStatus(user, 201, 'create partner user');
    return { id: created.body.id, name, webhookSecret: created.body.webhookSecret, user: { id: user.body.id, token: await this.token(user.body.id) } };
  }

  /** An admin's "Turn On"; returns the pending binding. */
  async bind(seller: Seller, partner: Partner, scopes?: string[]): Promise<any> {
    const response = await this.client.post(`/v1/accounts/${seller.accountId}/bindings`, seller.admin.token, {
      partnerId: partner.id,
      ...(scopes ? { scopes } : {}),
    });
    expectStatus(response, 202, 'bind');
    return response.body;
  }
}
