// The back office's part: a seller with two administrators and a manager, three certified
// partners with a member of staff each, and a token for every person.
import { randomBytes } from 'node:crypto';
import { operator } from './http.mjs';
import { bold, say } from './print.mjs';

const PEOPLE = [
  ['anna', 'Anna Petrova', 'admin'],
  ['boris', 'Boris Ivanov', 'admin'],
  ['maria', 'Maria Sokolova', 'manager'],
];

// The scopes each partner offers on a seller's account (a binding grants some of them).
const PARTNERS = [
  [
    'integrator',
    'Integrator Pro',
    'Marketplace API integrations, done right.',
    ['API integration', 'Stock sync'],
    'Ivan Kuznetsov',
    'products.read products.write orders.read orders.write analytics.read',
  ],
  [
    'northwind',
    'Northwind Agency',
    'Listings, photos and ads for marketplace sellers.',
    ['Content', 'Advertising'],
    'Olga Smirnova',
    'products.read products.write ads.write analytics.read chats.write',
  ],
  ['blueowl', 'Blue Owl Software', 'Warehouse and order software.', ['WMS', 'Order routing'], 'Pavel Orlov', 'products.read orders.read orders.write'],
];

const dayToken = async (name, userId) => (await operator(`token for ${name}`, 'POST', '/v1/operator/tokens', { userId, ttlSeconds: 86_400 })).accessToken;

/**
 * Provisions everyone. `fresh` is false when the demo uses a service that already has data: the
 * e-mail addresses then get a random tag so they do not collide with an earlier run's.
 */
export async function provision(endpoints, fresh) {
  const tag = fresh ? '' : `+${randomBytes(2).toString('hex')}`;
  const address = (local, domain) => `${local}${tag}@${domain}`;

  const account = await operator('create account', 'POST', '/v1/operator/accounts', { name: 'Acme Home Goods' });
  const seller = {};
  for (const [key, name, role] of PEOPLE) {
    const user = await operator(`create ${name}`, 'POST', `/v1/operator/accounts/${account.id}/users`, { email: address(key, 'acme.example'), name, role });
    seller[key] = { ...user, token: await dayToken(name, user.id) };
  }
  say(`Seller ${bold(account.name)}: ${seller.anna.name} and ${seller.boris.name} (administrators), ${seller.maria.name} (manager).`);

  const partners = {};
  for (const [key, name, description, services, person, offers] of PARTNERS) {
    const path = `/${key}`;
    const domain = `${key}.example`;
    const contacts = { email: address('hello', domain), phone: '+7 495 000-00-00', website: `https://${domain}` };
    const partner = await operator(`create ${name}`, 'POST', '/v1/operator/partners', {
      name,
      description,
      certified: true,
      contacts,
      services,
      scopes: offers.split(' '),
      webhookUrl: `${endpoints.url}${path}`,
    });
    endpoints.register(path, name, partner.webhookSecret);
    const user = await operator(`create ${person}`, 'POST', `/v1/operator/partners/${partner.id}/users`, {
      email: address(person.split(' ')[0].toLowerCase(), domain),
      name: person,
    });
    partners[key] = { ...partner, contactEmail: contacts.email, user: { ...user, token: await dayToken(person, user.id) } };
    say(`Partner ${bold(name)} (${services.join(', ')}), staff ${person}; webhook → ${endpoints.url}${path}`);
  }
  return { account, seller, partners };
}
