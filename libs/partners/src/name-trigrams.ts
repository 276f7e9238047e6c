import type { EntityManager } from 'typeorm';

/**
 * Windows of 3 characters (code points, as MariaDB/MySQL count utf8mb4 characters) over a name.
 * Each character is lower-cased on its own and kept as it is when lower-casing would change the
 * number of characters ('İ' becomes 'i̇', two code points): the windows must line up with the
 * characters `LIKE` compares one by one. Lower-casing only removes duplicates; the column's
 * collation makes the look-up case- and accent-insensitive either way.
 */
export function nameTrigrams(text: string): string[] {
  const chars = Array.from(text, (c) => {
    const lower = c.toLowerCase();
    return lower.length === c.length && Array.from(lower).length === 1 ? lower : c;
  });
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars[i] + chars[i + 1] + chars[i + 2]);
  return [...grams];
}

/** Number of characters as the database counts them (code points). */
export const charLength = (text: string): number => Array.from(text).length;

/** Adds the windows of `name` to the index (INSERT IGNORE: the same window twice, or equal under the collation, is one row). */
export async function insertNameTrigrams(tx: EntityManager, partnerId: string, name: string): Promise<void> {
  const grams = nameTrigrams(name);
  if (grams.length === 0) return;
  await tx.query(`INSERT IGNORE INTO partner_name_trigrams (trigram, partner_id) VALUES ${grams.map(() => '(?, ?)').join(', ')}`, grams.flatMap((gram) => [gram, partnerId]));
}

/** Removes the windows of a partner's previous name (primary-key look-ups, no scan). */
export async function deleteNameTrigrams(tx: EntityManager, partnerId: string, name: string): Promise<void> {
  const grams = nameTrigrams(name);
  if (grams.length === 0) return;
  await tx.query(`DELETE FROM partner_name_trigrams WHERE partner_id = ? AND trigram IN (${grams.map(() => '?').join(', ')})`, [partnerId, ...grams]);
}
