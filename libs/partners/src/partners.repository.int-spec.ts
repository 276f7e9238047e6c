import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@app/common';
import { ModuleContext } from '@app/testing';
import { PartnersModule } from './partners.module.js';
import { PartnersRepository } from './partners.repository.js';
import { PartnersService } from './partners.service.js';

/**
 * The partner writes against the real MariaDB: an update writes only the fields it changes, so a
 * change made meanwhile by someone else (the partner's webhook settings, another operator's field) stays.
 */
describe('PartnersRepository writes (MariaDB)', () => {
  let context: ModuleContext;
  let partners: PartnersService;
  let repository: PartnersRepository;

  beforeAll(async () => {
    context = await ModuleContext.start([PartnersModule], { queues: false });
    partners = context.get(PartnersService);
    repository = context.get(PartnersRepository);
  });

  afterAll(async () => {
    await context?.stop();
  });

  it('an update read before a concurrent change writes its own fields only', async () => {
    const created = await partners.createPartner({
      name: `Partner ${newId()}`,
      certified: true,
      contacts: { email: `p-${newId()}@partner.test` },
      webhookUrl: 'http://127.0.0.1:9/old',
    });
    const stale = (await repository.findPartner(created.id))!;

    // Meanwhile the partner moves its webhook and another operator rewrites the description.
    await partners.setWebhookUrl(created.id, 'http://127.0.0.1:9/new');
    await partners.updatePartner(created.id, { description: 'Written by the other operator' });

    // The update read before those changes sets the services only.
    await repository.updatePartner(undefined, stale, { ...stale, services: ['integration'], updatedAt: new Date().toISOString() });

    expect(await partners.getPartner(created.id)).toMatchObject({
      webhookUrl: 'http://127.0.0.1:9/new',
      description: 'Written by the other operator',
      services: ['integration'],
    });
  });

  it('a rename in the service answers what is stored and moves the catalogue entry', async () => {
    const created = await partners.createPartner({ name: `Zebra ${newId()}`, certified: true, contacts: { email: `p-${newId()}@partner.test` } });
    const renamed = await partners.updatePartner(created.id, { name: `Quokka ${created.id}` });
    expect(await partners.getPartner(created.id)).toEqual(renamed);
    expect((await partners.searchCatalogue(`Quokka ${created.id}`, 10, undefined)).items.map((p) => p.id)).toEqual([created.id]);
    expect((await partners.searchCatalogue(created.name, 10, undefined)).items).toEqual([]);
  });
});
