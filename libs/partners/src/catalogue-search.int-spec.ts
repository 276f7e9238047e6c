import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ValidationFailedError, newId } from '@app/common';
import { ConfigModule, type AppConfig } from '@app/config';
import { DatabaseModule, Sql, dropDatabase, prepareDatabase } from '@app/database';
import { insertPartnerRows, testConfig } from '@app/testing';
import { insertNamePostings, nameShortGrams, nameTrigrams } from './name-postings.js';
import { PartnersModule } from './partners.module.js';
import { CATALOGUE_PLAN, CATALOGUE_SCAN_BUDGET, PartnersService, type CataloguePlan } from './partners.service.js';

/**
 * Catalogue search against the real MariaDB: the postings of the rarest trigram, those of the
 * commonest one and the name-order scan all answer exactly what `certified = 1 AND name LIKE '%q%' ORDER BY name, id` answers (items, order, pages).
 */
describe('catalogue search (MariaDB)', () => {
  let config: AppConfig;
  /** The service as it runs ('rarest'), and under each plan to compare (the same database). */
  const modules: TestingModule[] = [];
  const services = {} as Record<CataloguePlan, PartnersService>;
  let dataSource: DataSource;
  let service: PartnersService;
  const renamed: Array<{ id: string; from: string; to: string }> = [];

  const words = ['Bright', 'Nordic', 'Zenith', 'Solar', 'Bridge', 'Signal', 'Harbor', 'Cloud', 'Labs', 'Systems', 'Group', 'Digital'];
  const special = [
    'Café Numérique',
    'Cafe Numerique',
    'CAFÉ NUMÉRIQUE',
    'café numérique 2',
    'Élan Vital',
    'elan vital',
    'Éclair Works',
    'eclair works',
    '100%_Digital',
    '100% Digital',
    '100_Digital',
    '100x Digital',
    'Under_score Ltd',
    'Underscore Ltd',
    'Back\\slash Co',
    'Percent 50% Off',
    'Straße Logistik',
    'Strasse Logistik',
    'İstanbul Trade',
    'istanbul trade',
    'Ab',
    'Zq',
    'Mixed CaSe Partner',
    'MIXED case partner',
  ];

  /** What the catalogue must answer: the plain LIKE, all pages at once. */
  async function expected(q: string): Promise<string[]> {
    const pattern = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows: Array<{ id: string }> = await dataSource.query('SELECT id FROM partners WHERE certified = 1 AND name LIKE ? ORDER BY name, id', [pattern]);
    return rows.map((r) => r.id);
  }

  /** Every page the service gives, following nextCursor. */
  async function pages(q: string, limit: number, plan: CataloguePlan): Promise<string[][]> {
    const out: string[][] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5000; i++) {
      const page = await services[plan].searchCatalogue(q, limit, cursor);
      out.push(page.items.map((p) => p.id));
      if (!page.nextCursor) return out;
      cursor = page.nextCursor;
    }
    throw new Error('too many pages');
  }

  const plans = { 'rarest trigram postings': 'rarest', 'commonest trigram postings': 'commonest', 'name-order scan': 'scan' } as const satisfies Record<
    string,
    CataloguePlan
  >;

  async function expectSameAsLike(q: string, limit = 7): Promise<number> {
    const want = await expected(q);
    for (const [plan, choice] of Object.entries(plans)) {
      // Without a scan budget every page but the last is full.
      services[choice].catalogueScanBudget = Number.MAX_SAFE_INTEGER;
      const got = await pages(q, limit, choice);
      expect({ plan, q, ids: got.flat() }).toEqual({ plan, q, ids: want });
      expect(got.slice(0, -1).every((page) => page.length === limit)).toBe(true);
      expect(got.length).toBe(Math.max(1, Math.ceil(want.length / limit)));
      // With a small one, a request may stop early with a partial page: resuming from its cursor loses and repeats nothing.
      services[choice].catalogueScanBudget = 50;
      const partial = await pages(q, limit, choice);
      expect({ plan, q, budget: 50, ids: partial.flat() }).toEqual({ plan, q, budget: 50, ids: want });
      expect(partial.every((page) => page.length <= limit)).toBe(true);
      services[choice].catalogueScanBudget = CATALOGUE_SCAN_BUDGET;
    }
    return want.length;
  }

  beforeAll(async () => {
    config = testConfig();
    await prepareDatabase(config, { create: true });
    for (const plan of ['rarest', 'commonest', 'scan'] as const) {
      const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), PartnersModule] })
        .overrideProvider(CATALOGUE_PLAN)
        .useValue(plan)
        .compile();
      await moduleRef.init();
      modules.push(moduleRef);
      services[plan] = moduleRef.get(PartnersService);
    }
    service = services.rarest;
    dataSource = modules[0]!.get(DataSource);

    // A few thousand partners in bulk (SQL plus the service's own postings writer), every 7th decertified.
    const names: string[] = [...special];
    for (let i = 0; i < 3000; i++) names.push(`${words[i % 12]} ${words[(Math.floor(i / 12) + 3) % 12]} ${String(i).padStart(5, '0')}`);
    const rows = names.map((name, i) => ({ id: newId(), name, certified: i % 7 !== 3 }));
    await dataSource.transaction(async (tx) => {
      await insertPartnerRows(tx, rows);
      for (const r of rows) await insertNamePostings(tx, r);
    });
    // Partners created and renamed through the service keep their postings in step.
    for (const [from, to] of [
      ['Quokka Analytics', 'Wombat Analytics'],
      ['Ocelot Group', 'Pangolin Group'],
    ] as const) {
      const created = await service.createPartner({ name: from, certified: true, contacts: { email: 'r@partner.test' } });
      await service.updatePartner(created.id, { name: to });
      renamed.push({ id: created.id, from, to });
    }
  }, 120_000);

  afterAll(async () => {
    for (const moduleRef of modules) await moduleRef.close();
    if (config) await dropDatabase(config);
  });

  it('finds a rare fragment inside a word', async () => {
    expect(await expectSameAsLike('umériq')).toBe(3); // the fourth is decertified
    expect(await expectSameAsLike('rbor 0004')).toBeGreaterThan(0);
  });

  it('finds a common word prefix across many pages', async () => {
    expect(await expectSameAsLike('bri', 20)).toBeGreaterThan(400);
    expect(await expectSameAsLike('zen')).toBeGreaterThan(400);
  });

  it('ignores case', async () => {
    expect(await expectSameAsLike('MiXeD cAsE')).toBe(2);
    expect(await expectSameAsLike('SIGNAL harb', 5)).toBeGreaterThan(0);
  });

  it('ignores accents the way the collation does', async () => {
    for (const q of ['cafe', 'café', 'CAFÉ', 'numerique', 'élan', 'Elan v', 'eclair', 'istanbul', 'İstanbul', 'strasse', 'straße']) await expectSameAsLike(q);
    expect(await expected('élan')).toEqual(await expected('elan'));
  });

  it('matches % and _ and \\ literally', async () => {
    expect(await expectSameAsLike('0%_d')).toBe(1);
    expect(await expectSameAsLike('100%')).toBe(2);
    expect(await expectSameAsLike('r_s')).toBe(1);
    expect(await expectSameAsLike('k\\s')).toBe(1);
    expect(await expectSameAsLike('_di')).toBe(1);
  });

  it('answers 1- and 2-character queries and an empty one', async () => {
    for (const q of ['é', 'z', 'ab', '0%', '', '  ']) await expectSameAsLike(q, 50);
  });

  it('answers nothing when nothing matches', async () => {
    for (const q of ['zq9x', 'zzz', 'caféx', 'xyzzy plugh']) expect(await expectSameAsLike(q)).toBe(0);
  });

  it('follows renames: the old name no longer matches, the new one does', async () => {
    for (const { id, from, to } of renamed) {
      for (const plan of Object.values(plans)) {
        expect((await pages(from.split(' ')[0]!, 10, plan)).flat()).not.toContain(id);
        expect((await pages(to.split(' ')[0]!.slice(1), 10, plan)).flat()).toContain(id);
      }
      await expectSameAsLike(from);
      await expectSameAsLike(to);
      const grams: Array<{ trigram: string; name: string; certified: number }> = await dataSource.query(
        'SELECT trigram, name, certified FROM partner_name_trigrams WHERE partner_id = ?',
        [id],
      );
      expect(grams.map((g) => g.trigram).sort()).toEqual(nameTrigrams(to).sort());
      expect(grams.every((g) => g.name === to && Number(g.certified) === 1)).toBe(true);
      const short: Array<{ gram: string; name: string; certified: number }> = await dataSource.query(
        'SELECT gram, name, certified FROM partner_name_bigrams WHERE partner_id = ?',
        [id],
      );
      expect(short.map((g) => g.gram).sort()).toEqual(nameShortGrams(to).sort());
      expect(short.every((g) => g.name === to && Number(g.certified) === 1)).toBe(true);
    }
  });

  it('leaves decertified partners out', async () => {
    const victim = (await service.searchCatalogue('nordic zenith', 1, undefined)).items[0]!;
    await service.updatePartner(victim.id, { certified: false });
    for (const plan of Object.values(plans)) expect((await pages('nordic zenith', 50, plan)).flat()).not.toContain(victim.id);
    await expectSameAsLike('nordic zenith');
    const postings: Array<{ certified: number }> = await dataSource.query('SELECT certified FROM partner_name_trigrams WHERE partner_id = ?', [victim.id]);
    expect(postings.length).toBe(nameTrigrams(victim.name).length);
    expect(postings.every((g) => Number(g.certified) === 0)).toBe(true);
    const short: Array<{ certified: number }> = await dataSource.query('SELECT certified FROM partner_name_bigrams WHERE partner_id = ?', [victim.id]);
    expect(short.length).toBe(nameShortGrams(victim.name).length);
    expect(short.every((g) => Number(g.certified) === 0)).toBe(true);
    // Certified again (and renamed in the same change): back in the catalogue under the new name only.
    const back = await service.updatePartner(victim.id, { certified: true, name: `${victim.name} Again` });
    for (const plan of Object.values(plans)) expect((await pages('nordic zenith', 1000, plan)).flat()).toContain(back.id);
    await expectSameAsLike('zenith 0');
    await expectSameAsLike('h again');
    await service.updatePartner(victim.id, { certified: false, name: victim.name });
    await expectSameAsLike('nordic zenith');
    const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM partners WHERE certified = 0');
    expect(Number(n)).toBeGreaterThan(400);
  });

  it('keeps the count of certified postings of every trigram exact through creations, renames and certification changes, also at once', async () => {
    // Partners created and renamed at the same time, their names sharing most windows in different orders: no change waits on another forever.
    const words = ['Harbor', 'Signal', 'Cloud', 'Bridge'];
    const created = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        service.createPartner({
          name: `${words[i % 4]} ${words[(i + 1) % 4]} ${words[(i + 2) % 4]} ${i}`,
          certified: true,
          contacts: { email: 'c@partner.test' },
        }),
      ),
    );
    const renames = await Promise.allSettled(
      created.map((partner, i) => service.updatePartner(partner.id, { name: `${words[(i + 3) % 4]} ${words[(i + 2) % 4]} ${words[i % 4]} ${i}` })),
    );
    expect(renames.map((result) => result.status)).toEqual(created.map(() => 'fulfilled'));
    // Compared in SQL: windows equal under the collation share one count, whichever spelling was stored first.
    const recount = 'SELECT trigram, COUNT(*) AS n FROM partner_name_trigrams WHERE certified = 1 GROUP BY trigram';
    const [{ wrong }] = await dataSource.query(
      `SELECT COUNT(*) AS wrong FROM (${recount}) r LEFT JOIN partner_name_trigram_counts c ON c.trigram = r.trigram WHERE c.postings IS NULL OR c.postings <> r.n`,
    );
    const [{ kept }] = await dataSource.query('SELECT COUNT(*) AS kept FROM partner_name_trigram_counts WHERE postings <> 0');
    const [{ windows }] = await dataSource.query(`SELECT COUNT(*) AS windows FROM (${recount}) r`);
    expect({ wrong: Number(wrong), kept: Number(kept) }).toEqual({ wrong: 0, kept: Number(windows) });
    expect(Number(windows)).toBeGreaterThan(100);
  });

  it('refuses a tampered cursor on either plan', async () => {
    for (const plan of Object.values(plans)) {
      const first = await services[plan].searchCatalogue('zen', 5, undefined);
      const [body, sig] = first.nextCursor!.split('.');
      const forged = `${Buffer.from(JSON.stringify(['A', newId()])).toString('base64url')}.${sig}`;
      await expect(services[plan].searchCatalogue('zen', 5, forged)).rejects.toBeInstanceOf(ValidationFailedError);
      await expect(services[plan].searchCatalogue('zen', 5, `${body}.${sig!.startsWith('x') ? 'y' : 'x'}${sig!.slice(1)}`)).rejects.toBeInstanceOf(
        ValidationFailedError,
      );
    }
  });

  it('answers 3+ characters from trigram postings, 1 and 2 characters from the short postings, each page in one statement (with the counts for 3+)', async () => {
    const select = jest.spyOn(modules[0]!.get(Sql), 'select');
    const sent = () => select.mock.calls.map(([text]) => text);
    try {
      for (const q of ['umériq', 'bri', 'zzz']) {
        select.mockClear();
        await service.searchCatalogue(q, 5, undefined);
        expect(sent().some((text) => /FROM partner_name_trigrams [te] /.test(text))).toBe(true);
      }
      for (const q of ['ab', 'é', 'zq']) {
        select.mockClear();
        await service.searchCatalogue(q, 5, undefined);
        expect({ q, sent: sent().length, short: sent().every((text) => text.includes('FROM partner_name_bigrams e')) }).toEqual({ q, sent: 1, short: true });
      }
      // A rare fragment: the window counts, its postings and the page's partners in one statement.
      select.mockClear();
      await service.searchCatalogue('umériq', 5, undefined);
      expect(sent().length).toBe(1);
      expect(sent()[0]).toMatch(/FROM partner_name_trigram_counts WHERE [\s\S]* FROM partner_name_trigrams t /);
    } finally {
      select.mockRestore();
    }
  });
});
