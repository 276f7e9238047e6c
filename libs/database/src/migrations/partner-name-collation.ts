import type { QueryRunner } from 'typeorm';

/**
 * partners.name's exact character set and collation, for the catalogue's index tables: their windows and
 * names must compare and sort exactly as `partners.name LIKE ?` and the catalogue's order do. Checked to be
 * plain names, since they are written into the CREATE TABLE.
 */
export async function partnerNameCollation(queryRunner: QueryRunner): Promise<{ charset: string; collation: string }> {
  const [column] = await queryRunner.query(`
            SELECT CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'partners' AND COLUMN_NAME = 'name'
        `);
  const asName = (value: unknown) => {
    if (typeof value !== 'string' || !/^[A-Za-z0-9_]+$/.test(value))
      throw new Error(`Unexpected character set or collation of partners.name: ${String(value)}`);
    return value;
  };
  return { charset: asName(column?.charset), collation: asName(column?.collation) };
}
