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

/** What a partner's postings carry besides the window: its catalogue state. */
export interface TrigramOwner {
  id: string;
  name: string;
  certified: boolean;
}

/** Adds the windows of the partner's name to the index (INSERT IGNORE: the same window twice, or equal under the collation, is one row). */
export async function insertNameTrigrams(tx: EntityManager, partner: TrigramOwner): Promise<void> {
  const grams = nameTrigrams(partner.name);
  if (grams.length === 0) return;
  const certified = partner.certified ? 1 : 0;
  await tx.query(
    `INSERT IGNORE INTO partner_name_trigrams (trigram, certified, name, partner_id) VALUES ${grams.map(() => '(?, ?, ?, ?)').join(', ')}`,
    grams.flatMap((gram) => [gram, certified, partner.name, partner.id]),
  );
}

/**
 * Removes the postings of the partner as it was stored (its previous name and certification):
 * every key part is given, so these are primary-key look-ups, no scan.
 */
export async function deleteNameTrigrams(tx: EntityManager, partner: TrigramOwner): Promise<void> {
  const grams = nameTrigrams(partner.name);
  if (grams.length === 0) return;
  await tx.query(`DELETE FROM partner_name_trigrams WHERE trigram IN (${grams.map(() => '?').join(', ')}) AND certified = ? AND name = ? AND partner_id = ?`, [
    ...grams,
    partner.certified ? 1 : 0,
    partner.name,
    partner.id,
  ]);
}
