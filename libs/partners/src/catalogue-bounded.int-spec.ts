import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { newId } from '@app/common';
import { ConfigModule, type AppConfig } from '@app/config';
import {
  BACKFILL_PARTNER_NAME_BIGRAMS,
  BACKFILL_PARTNER_NAME_TRIGRAM_COUNTS,
  BACKFILL_PARTNER_NAME_TRIGRAMS,
  DatabaseModule,
  Sql,
  dropDatabase,
  prepareDatabase,
} from '@app/database';
import { testConfig } from '@app/testing';
import { PartnersModule } from './partners.module.js';
import { CATALOGUE_SCAN_BUDGET, MAX_COUNTED_WINDOWS, PartnersService } from './partners.service.js';

/** Partners in the catalogue for this test (CATALOGUE_BOUND_PARTNERS=100000 for the figures in RELIABILITY.md). */
const PARTNERS = Number(process.env.CATALOGUE_BOUND_PARTNERS ?? 20_000);

/** The same name shapes as the benchmark: a few dozen common words, a number per partner. */
const words1 = [
  'Bright',
  'Rapid',
  'Nordic',
  'Silver',
  'Quantum',
  'Urban',
  'Golden',
  'Blue',
  'Smart',
  'Prime',
  'Agile',
  'Solid',
  'Clever',
  'Vector',
  'Pixel',
  'Cyber',
  'Green',
  'Iron',
  'Crystal',
  'Polar',
];
const words2 = [
  'Falcon',
  'Integrations',
  'Commerce',
  'Logistics',
  'Analytics',
  'Software',
  'Bridge',
  'Cloud',
  'Market',
  'Retail',
  'Data',
  'Forge',
  'Works',
  'Harbor',
  'Studio',
  'Apps',
  'Signal',
  'Path',
  'Orbit',
  'Pulse',
];
const words3 = ['Labs', 'Systems', 'Group', 'Digital', 'Partners', 'Solutions', 'Agency', 'Consulting', 'Tech', 'LLC'];
const nameOf = (i: number) => `${words1[i % 20]} ${words2[Math.floor(i / 20) % 20]} ${words3[Math.floor(i / 400) % 10]} ${String(i).padStart(6, '0')}`;

/** Every query shape a caller can send, with what it must find. */
const SHAPES: Array<{ shape: string; q: string }> = [
  { shape: 'one character, everywhere', q: 'a' },
  { shape: 'one character, nowhere', q: 'q' },
  { shape: 'two characters, nowhere', q: 'zx' },
  { shape: 'two characters, rare', q: 'gp' },
  { shape: 'a common word prefix', q: 'bri' },
  { shape: 'a specific partner', q: nameOf(1234).split(' ').slice(1).join(' ').toLowerCase() },
  { shape: 'common trigrams, no match', q: 'labs systems group digital partners' },
  {
    shape: 'common trigrams, long, no match',
    q: 'solutions agency consulting tech llc labs systems group digital partners solutions agency consulting tech llc labs systems group'.slice(0, 200),
  },
  { shape: 'common words in an order no name has', q: 'falcon bright' },
  { shape: 'nothing matches, rare trigrams', q: 'xyzzy plugh' },
  { shape: 'odd characters', q: '%_\\%' },
  { shape: 'odd characters and common ones', q: 'ar%_o' },
  { shape: 'emoji and accents', q: '🙂 café 🙂' },
];

describe('catalogue search reads a bounded number of index entries, whatever the query', () => {
  let config: AppConfig;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let service: PartnersService;

  /**
   * Rows and index entries the one pooled connection read (InnoDB handler calls), minus what SHOW STATUS
   * costs itself. Entries that index condition pushdown looked at and skipped count too (icp attempts
   * that did not match; the ones that matched are in Handler_read_next already).
   */
  async function handlerReads(): Promise<number> {
    const rows: Array<{ Variable_name: string; Value: string }> = await dataSource.query(
      "SHOW SESSION STATUS WHERE Variable_name LIKE 'Handler_read%' OR Variable_name IN ('Handler_icp_attempts', 'Handler_icp_match')",
    );
    const value = (name: string) => Number(rows.find((row) => row.Variable_name === name)?.Value ?? 0);
    return (
      rows.filter((row) => row.Variable_name.startsWith('Handler_read')).reduce((sum, row) => sum + Number(row.Value), 0) +
      value('Handler_icp_attempts') -
      value('Handler_icp_match')
    );
  }
  let showStatusCost = 0;

  async function entriesRead(work: () => Promise<unknown>): Promise<number> {
    const before = await handlerReads();
    await work();
    return (await handlerReads()) - before - showStatusCost;
  }

  beforeAll(async () => {
    config = testConfig();
    await prepareDatabase(config, { create: true });
    // One pooled connection, so SHOW SESSION STATUS sees every read the service makes.
    const oneConnection = { ...config, db: { ...config.db, poolSize: 1 } };
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(oneConnection), DatabaseModule.forRoot(), PartnersModule] }).compile();
    await moduleRef.init();
    dataSource = moduleRef.get(DataSource);
    service = moduleRef.get(PartnersService);
    const at = new Date();
    for (let from = 0; from < PARTNERS; from += 2000) {
      const rows = Array.from({ length: Math.min(2000, PARTNERS - from) }, (_, k) => [newId(), nameOf(from + k), 1, 'p@partner.test', '[]', 'v1:x', at, at]);
      await dataSource.query('INSERT INTO partners (id, name, certified, contact_email, services, webhook_secret, created_at, updated_at) VALUES ?', [rows]);
    }
    await dataSource.query(BACKFILL_PARTNER_NAME_TRIGRAMS);
    await dataSource.query(BACKFILL_PARTNER_NAME_BIGRAMS);
    await dataSource.query(BACKFILL_PARTNER_NAME_TRIGRAM_COUNTS);
    await dataSource.query('ANALYZE TABLE partners, partner_name_trigrams, partner_name_bigrams');
    const first = await handlerReads();
    showStatusCost = (await handlerReads()) - first;
  }, 600_000);

  afterAll(async () => {
    await moduleRef?.close();
    if (config) await dropDatabase(config);
  });

  it(`every shape, on every page, reads at most a fixed number of entries in at most 4 statements (${PARTNERS} partners)`, async () => {
    const figures: Record<string, { firstPage: number; worstPage: number; pages: number; found: number; statements: number }> = {};
    const select = jest.spyOn(moduleRef.get(Sql), 'select');
    for (const { shape, q } of SHAPES) {
      let cursor: string | undefined;
      let worst = 0;
      let firstPage = 0;
      let pages = 0;
      let found = 0;
      let statements = 0;
      // Up to 5 pages of each (the first is what a user sees; later ones must be bounded too).
      do {
        let page: Awaited<ReturnType<PartnersService['searchCatalogue']>> | undefined;
        select.mockClear();
        const read = await entriesRead(async () => (page = await service.searchCatalogue(q, 20, cursor)));
        statements = Math.max(statements, select.mock.calls.length);
        if (pages === 0) firstPage = read;
        worst = Math.max(worst, read);
        found += page!.items.length;
        cursor = page!.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 5);
      figures[shape] = { firstPage, worstPage: worst, pages, found, statements };
    }
    select.mockRestore();
    process.stdout.write(`catalogue entries read per request at ${PARTNERS} partners:\n${JSON.stringify(figures, null, 1)}\n`);
    // The budget of postings or index entries read and at most one partner looked up by primary key per entry read,
    // one count look-up per counted window. The same for 20,000 partners or 100,000: it does not grow with them.
    // Statements: the counts, and a walk's budget in at most three chunks.
    const bound = CATALOGUE_SCAN_BUDGET * 2 + MAX_COUNTED_WINDOWS;
    for (const [shape, figure] of Object.entries(figures))
      expect({ shape, worstPage: figure.worstPage <= bound, statements: figure.statements <= 4 }).toEqual({ shape, worstPage: true, statements: true });
  }, 300_000);
});
