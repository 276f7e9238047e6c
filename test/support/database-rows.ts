import { randomUUID } from 'node:crypto';

/** A DataSource, an EntityManager inside a transaction, or anything else that runs SQL. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Rows written straight into the tables, for tests that need what the services would never write
 * (a second live binding behind their back) or thousands of rows at once. Every column has a
 * default that makes a valid row, so a test names only what it is about, and a schema change is
 * made here once.
 */

export interface BindingRow {
  id: string;
  accountId: string;
  partnerId: string;
  status: string;
  /** Defaults to partnerId while the status is pending or active, NULL otherwise (as the service writes it). */
  livePartnerId: string | null;
  requestedBy: string;
  requestedAt: Date;
  expiresAt: Date;
  version: number;
}

/** Inserts one binding row (pending, requested now, expiring in an hour unless told otherwise); returns its id. */
export async function insertBindingRow(db: Queryable, row: Partial<BindingRow> & Pick<BindingRow, 'accountId' | 'partnerId'>): Promise<string> {
  const now = new Date();
  const status = row.status ?? 'pending';
  const values: BindingRow = {
    id: randomUUID(),
    status,
    livePartnerId: status === 'pending' || status === 'active' ? row.partnerId : null,
    requestedBy: randomUUID(),
    requestedAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
    version: 1,
    ...row,
  };
  await db.query(
    'INSERT INTO bindings (id, account_id, partner_id, live_partner_id, status, requested_by, requested_at, expires_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      values.id,
      values.accountId,
      values.partnerId,
      values.livePartnerId,
      values.status,
      values.requestedBy,
      values.requestedAt,
      values.expiresAt,
      values.version,
    ],
  );
  return values.id;
}

export interface PartnerRow {
  id: string;
  name: string;
  certified: boolean;
}

/** Inserts partners in multi-row statements of 500 (no trigram postings: the caller adds them if it searches). */
export async function insertPartnerRows(db: Queryable, partners: PartnerRow[]): Promise<void> {
  const at = new Date();
  for (let from = 0; from < partners.length; from += 500) {
    const chunk = partners.slice(from, from + 500);
    await db.query(
      `INSERT INTO partners (id, name, description, certified, contact_email, services, webhook_secret, created_at, updated_at) VALUES ${chunk.map(() => "(?, ?, '', ?, 'p@partner.test', '[]', 'whsec_test', ?, ?)").join(', ')}`,
      chunk.flatMap((partner) => [partner.id, partner.name, partner.certified ? 1 : 0, at, at]),
    );
  }
}

/** Inserts one webhook delivery row (delivered, made now unless told otherwise); returns its id. */
export async function insertDeliveryRow(
  db: Queryable,
  row: { partnerId: string; id?: string; eventId?: string; status?: 'pending' | 'delivered' | 'failed'; createdAt?: Date },
): Promise<string> {
  const id = row.id ?? randomUUID();
  await db.query(
    "INSERT INTO webhook_deliveries (id, event_id, owner_id, type, body, status, attempts, created_at) VALUES (?, ?, ?, 'binding.requested', '{}', ?, 1, ?)",
    [id, row.eventId ?? randomUUID(), row.partnerId, row.status ?? 'delivered', row.createdAt ?? new Date()],
  );
  return id;
}

/** Inserts one sent-email record (sent, made now unless told otherwise); returns its id. */
export async function insertSentEmailRow(
  db: Queryable,
  row: { id?: string; eventId?: string; recipient?: string; status?: 'pending' | 'sent' | 'failed'; createdAt?: Date } = {},
): Promise<string> {
  const id = row.id ?? randomUUID();
  await db.query("INSERT INTO sent_emails (id, event_id, recipient, type, status, attempts, created_at) VALUES (?, ?, ?, 'binding.requested', ?, 1, ?)", [
    id,
    row.eventId ?? randomUUID(),
    row.recipient ?? `admin-${id}@seller.test`,
    row.status ?? 'sent',
    row.createdAt ?? new Date(),
  ]);
  return id;
}

/** Inserts one seller in-app notice (made now unless told otherwise); returns its id. */
export async function insertSellerNoticeRow(
  db: Queryable,
  row: { accountId: string; partnerId: string; id?: string; bindingId?: string; createdAt?: Date },
): Promise<string> {
  const id = row.id ?? randomUUID();
  await db.query("INSERT INTO seller_notices (id, account_id, type, binding_id, partner_id, created_at) VALUES (?, ?, 'binding.requested', ?, ?, ?)", [
    id,
    row.accountId,
    row.bindingId ?? randomUUID(),
    row.partnerId,
    row.createdAt ?? new Date(),
  ]);
  return id;
}

/** Inserts one completed Idempotency-Key of `userId` that expires at `expiresAt`. */
export async function insertIdempotencyKeyRow(db: Queryable, row: { userId: string; key: string; expiresAt: Date }): Promise<void> {
  const madeAt = new Date(row.expiresAt.getTime() - 24 * 3600_000);
  await db.query(
    "INSERT INTO idempotency_keys (user_id, idem_key, request_hash, state, created_at, updated_at, expires_at) VALUES (?, ?, ?, 'completed', ?, ?, ?)",
    [row.userId, row.key, 'a'.repeat(64), madeAt, madeAt, row.expiresAt],
  );
}

/**
 * Makes the outbox refuse one notice (a trigger that raises an error when a notice of this type about this binding, or
 * this partner's binding, is written), so a test can see a transaction fail at its outbox write. Answers the function
 * that removes the trigger again.
 */
export async function refuseOutboxNotice(db: Queryable, notice: { type: string; bindingId?: string; partnerId?: string }): Promise<() => Promise<void>> {
  const [path, value] = notice.bindingId !== undefined ? ['$.binding.id', notice.bindingId] : ['$.binding.partnerId', notice.partnerId];
  // Trigger bodies take no parameters: only a plain id and event type are written into it.
  if (!/^[0-9a-f-]{36}$/.test(value ?? '') || !/^[a-z_.]+$/.test(notice.type)) throw new Error('refuseOutboxNotice: an id and an event type');
  const drop = () => db.query('DROP TRIGGER IF EXISTS test_refuse_outbox_notice').then(() => undefined);
  await drop();
  await db.query(
    `CREATE TRIGGER test_refuse_outbox_notice BEFORE INSERT ON outbox FOR EACH ROW
     BEGIN
       IF JSON_VALUE(NEW.payload, '${path}') = '${value}' AND JSON_VALUE(NEW.payload, '$.type') = '${notice.type}' THEN
         SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'outbox refused by test';
       END IF;
     END`,
  );
  return drop;
}
