import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Coalescer, type TimeKey } from '@app/common';
import { Sql, purgeByIdRange, type IdRangePurgeOptions } from '@app/database';

export interface SellerNoticeView {
  id: string;
  type: string;
  bindingId: string;
  partnerId: string;
  createdAt: string;
  readAt: string | null;
}

/** A notice to record: its id is the event's, so recording it twice adds nothing. */
export interface NewSellerNotice {
  id: string;
  accountId: string;
  type: string;
  bindingId: string;
  partnerId: string;
  createdAt: Date;
}

interface SellerNoticeRow {
  id: string;
  type: string;
  binding_id: string;
  partner_id: string;
  created_at: Date | string;
  read_at: Date | string | null;
}

const VIEW_COLUMNS = 'id, type, binding_id, partner_id, created_at, read_at';
const INSERT_COLUMNS = 'id, account_id, type, binding_id, partner_id, created_at';
/** Rows per INSERT when many notices are recorded at once (one statement stays well under max_allowed_packet). */
const MAX_BATCH = 200;

const toNoticeView = (row: SellerNoticeRow): SellerNoticeView => ({
  id: row.id,
  type: row.type,
  bindingId: row.binding_id,
  partnerId: row.partner_id,
  createdAt: new Date(row.created_at).toISOString(),
  readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
});

/**
 * Seller in-app notices' data access (seller_notices): the only place that knows its columns. Recording
 * runs once per notice, so concurrent recordings share multi-row INSERT IGNOREs (a Coalescer);
 * reads are plain SQL too.
 */
@Injectable()
export class SellerNoticesRepository {
  private readonly inserts = new Coalescer<NewSellerNotice>((notices) => this.insertMany(notices), MAX_BATCH);

  constructor(
    @Inject(Sql) private readonly sql: Sql,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  /** Records the notice unless it is there already; resolves once the statement carrying it committed. */
  insertIfAbsent(notice: NewSellerNotice): Promise<void> {
    return this.inserts.add(notice);
  }

  private async insertMany(notices: NewSellerNotice[]): Promise<void> {
    // In primary-key order, so two workers' overlapping batches take their locks in the same order.
    const rows = [...notices].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await this.sql.write(
      `INSERT IGNORE INTO seller_notices (${INSERT_COLUMNS}) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((n) => [n.id, n.accountId, n.type, n.bindingId, n.partnerId, n.createdAt]),
    );
  }

  /** The account's notices, newest first, after the keyset `before` (created_at, id). */
  async list(accountId: string, limit: number, before?: TimeKey): Promise<SellerNoticeView[]> {
    const rows = await this.sql.select<SellerNoticeRow>(
      `SELECT ${VIEW_COLUMNS} FROM seller_notices WHERE account_id = ?${before ? ' AND (created_at < ? OR (created_at = ? AND id < ?))' : ''} ` +
        'ORDER BY created_at DESC, id DESC LIMIT ?',
      [accountId, ...(before ? [before.at, before.at, before.id] : []), limit],
    );
    return rows.map(toNoticeView);
  }

  async find(accountId: string, noticeId: string): Promise<SellerNoticeView | null> {
    const [row] = await this.sql.select<SellerNoticeRow>(`SELECT ${VIEW_COLUMNS} FROM seller_notices WHERE id = ? AND account_id = ? LIMIT 1`, [
      noticeId,
      accountId,
    ]);
    return row ? toNoticeView(row) : null;
  }

  /** Marks the notice read at `at` unless it was read already (the first reading stays); false when it changed nothing. */
  async markRead(accountId: string, noticeId: string, at: Date): Promise<boolean> {
    const result = await this.sql.write('UPDATE seller_notices SET read_at = ? WHERE id = ? AND account_id = ? AND read_at IS NULL', [at, noticeId, accountId]);
    return result.affectedRows === 1;
  }

  /** Notices made before `before`, read or not (a notice's id is its event's id, made at the event). */
  purge(before: Date, options: IdRangePurgeOptions): Promise<number> {
    return purgeByIdRange(this.db, 'seller_notices', before, 'DELETE FROM seller_notices WHERE id >= ? AND id < ?', options);
  }
}
