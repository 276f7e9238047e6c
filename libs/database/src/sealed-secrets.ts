import { SecretBox, rowSecretContext } from '@app/common';

/** Columns whose values are secrets sealed with SECRETS_KEY (see SecretBox); each row's id is its context. */
export const SEALED_SECRET_COLUMNS: ReadonlyArray<SealedColumn> = [
  { table: 'partners', column: 'webhook_secret' },
  { table: 'seller_webhooks', column: 'secret', idColumn: 'account_id' },
];

/** A column of sealed values; `idColumn` (default `id`) is the row's key, which the seal is bound to. */
export interface SealedColumn {
  table: string;
  column: string;
  idColumn?: string;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

const BATCH = 500;

/**
 * Seals every value of `table.column` that is in plain text or sealed with an older key, with the
 * current key, in batches by id. Each row is updated only if it still holds the value read, so a
 * rotation by the partner meanwhile is never overwritten. Returns the number of rows rewritten.
 * Used by the migration that first encrypted the column and by `npm run secrets:reseal` after a key rotation.
 */
export async function resealSecrets(db: Queryable, box: SecretBox, target: SealedColumn): Promise<number> {
  const { table, column, idColumn = 'id' } = target;
  if (![table, column, idColumn].every((name) => /^\w+$/.test(name))) throw new Error(`Not a plain identifier: ${table}.${column}`);
  let rewritten = 0;
  let after = '';
  for (;;) {
    const rows: Array<{ id: string; value: string }> = await db.query(
      `SELECT \`${idColumn}\` AS id, \`${column}\` AS value FROM \`${table}\` WHERE \`${idColumn}\` > ? ORDER BY \`${idColumn}\` LIMIT ${BATCH}`,
      [after],
    );
    for (const row of rows) {
      if (box.isSealedWithCurrentKey(row.value)) continue;
      const context = rowSecretContext(table, column, row.id);
      const plaintext = SecretBox.isSealed(row.value) ? box.open(row.value, context) : row.value;
      const result = await db.query(`UPDATE \`${table}\` SET \`${column}\` = ? WHERE \`${idColumn}\` = ? AND \`${column}\` = ?`, [
        box.seal(plaintext, context),
        row.id,
        row.value,
      ]);
      rewritten += Number(result?.affectedRows ?? 0);
    }
    if (rows.length < BATCH) return rewritten;
    after = rows.at(-1)!.id;
  }
}
