import { SecretBox, rowSecretContext } from '@app/common';

/** Columns whose values are secrets sealed with SECRETS_KEY (see SecretBox); each row's id is its context. */
export const SEALED_SECRET_COLUMNS: ReadonlyArray<{ table: string; column: string }> = [{ table: 'partners', column: 'webhook_secret' }];

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
export async function resealSecrets(db: Queryable, box: SecretBox, target: { table: string; column: string }): Promise<number> {
  const { table, column } = target;
  if (!/^\w+$/.test(table) || !/^\w+$/.test(column)) throw new Error(`Not a plain identifier: ${table}.${column}`);
  let rewritten = 0;
  let after = '';
  for (;;) {
    const rows: Array<{ id: string; value: string }> = await db.query(`SELECT id, \`${column}\` AS value FROM \`${table}\` WHERE id > ? ORDER BY id LIMIT ${BATCH}`, [after]);
    for (const row of rows) {
      if (box.isSealedWithCurrentKey(row.value)) continue;
      const context = rowSecretContext(table, column, row.id);
      const plaintext = SecretBox.isSealed(row.value) ? box.open(row.value, context) : row.value;
      const result = await db.query(`UPDATE \`${table}\` SET \`${column}\` = ? WHERE id = ? AND \`${column}\` = ?`, [box.seal(plaintext, context), row.id, row.value]);
      rewritten += Number(result?.affectedRows ?? 0);
    }
    if (rows.length < BATCH) return rewritten;
    after = rows.at(-1)!.id;
  }
}
