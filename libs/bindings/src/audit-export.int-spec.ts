import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { newId } from '@app/common';
import { ModuleContext, sleep } from '@app/testing';
import { BindingsModule } from './bindings.module.js';
import { AuditExportService, csvField } from './audit-export.js';

/**
 * The export's paging against the real MariaDB: keyset order across pages (ties in `at` included),
 * reads that wait for the consumer (backpressure) and stop when it goes away.
 */
describe('AuditExportService (MariaDB)', () => {
  const EVENTS = 2000;
  const PAGE = 10;
  let context: ModuleContext;
  let exports: AuditExportService;
  const accountId = newId();
  const otherAccountId = newId();
  const partnerId = newId();
  let seededIds: string[];

  beforeAll(async () => {
    context = await ModuleContext.start([BindingsModule]);
    exports = context.get(AuditExportService);
    // Ten events share every millisecond, so pages end in the middle of a tie and (at, id) must carry on exactly.
    const base = Date.UTC(2026, 0, 1);
    const rows = Array.from({ length: EVENTS }, (_, i) => [
      newId(),
      newId(),
      accountId,
      partnerId,
      'binding.requested',
      null,
      'system',
      null,
      'pending',
      new Date(base + Math.floor(i / 10)),
      null,
    ]);
    rows.push([newId(), newId(), otherAccountId, partnerId, 'binding.requested', null, 'system', null, 'pending', new Date(base), null]);
    await context
      .get(DataSource)
      .query(
        `INSERT INTO binding_events (id, binding_id, account_id, partner_id, type, actor_id, actor_kind, from_status, to_status, at, data) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows.flat(),
      );
    seededIds = rows
      .slice(0, EVENTS)
      .map((row) => ({ at: (row[9] as Date).getTime(), id: row[0] as string }))
      .sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : 1))
      .map((row) => row.id);
  });

  afterAll(async () => {
    await context?.stop();
  });

  async function readAll(stream: Readable): Promise<string> {
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    return text;
  }

  it('pages through every event of the owner exactly once, in (at, id) order', async () => {
    let pages = 0;
    const stream = await exports.open({ accountId }, {}, 'jsonl', { pageSize: PAGE, onPage: () => pages++ });
    const ids = (await readAll(stream))
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids).toEqual(seededIds);
    expect(pages).toBe(EVENTS / PAGE + 1); // the last, empty read says there is no more
  });

  it('reads no further than the consumer has room for, and stops reading when the consumer goes away', async () => {
    let pages = 0;
    const stream = await exports.open({ partnerId }, {}, 'csv', { pageSize: PAGE, onPage: () => pages++ });
    // Nobody reads: the stream fills its buffer and then waits (on a busy machine filling it takes a while, so wait
    // until the count holds still), far short of the 200 pages there are.
    let unread = -1;
    while (unread !== pages) {
      unread = pages;
      await sleep(300);
    }
    expect(unread).toBeLessThan(EVENTS / PAGE / 2);
    await sleep(300);
    expect(pages).toBe(unread);

    // A client that reads a little and disconnects: the stream is destroyed and no page is read after it.
    stream.read();
    await sleep(50);
    stream.destroy();
    await once(stream, 'close');
    const atClose = pages;
    await sleep(300);
    // At most the one read already in flight finishes; none starts after it.
    expect(pages).toBeLessThanOrEqual(atClose + 1);
    const settled = pages;
    await sleep(300);
    expect(pages).toBe(settled);
    expect(pages).toBeLessThan(EVENTS / PAGE);
  });

  it('quotes CSV fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
  });
});
