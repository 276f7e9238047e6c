import type { EntityManager } from 'typeorm';

/**
 * A name's characters (code points, as MariaDB/MySQL count utf8mb4 characters), each lower-cased
 * on its own and kept as it is when lower-casing would change the number of characters ('İ' becomes
 * 'i̇', two code points): the windows must line up with the characters `LIKE` compares one by one.
 * Lower-casing only removes duplicates; the columns' collation makes the look-up case- and
 * accent-insensitive either way.
 */
function nameChars(text: string): string[] {
  return Array.from(text, (c) => {
    const lower = c.toLowerCase();
    return lower.length === c.length && Array.from(lower).length === 1 ? lower : c;
  });
}

/** The distinct windows of `width` characters over `text`. */
function windows(text: string, width: number): string[] {
  const chars = nameChars(text);
  const grams = new Set<string>();
  for (let i = 0; i + width <= chars.length; i++) grams.add(chars.slice(i, i + width).join(''));
  return [...grams];
}

/** Windows of 3 characters over a name: its postings in partner_name_trigrams. */
export const nameTrigrams = (text: string): string[] => windows(text, 3);

/**
 * Windows of 1 and of 2 characters over a name: its postings in partner_name_bigrams (the index of
 * queries under 3 characters). Windows ending in a space are left out: the collation pads with spaces,
 * so 'a ' is the same key as 'a' (one row would hold both), and a query, trimmed, never ends in one.
 */
export const nameShortGrams = (text: string): string[] => [...windows(text, 1), ...windows(text, 2)].filter((gram) => !gram.endsWith(' '));

/** Number of characters as the database counts them (code points). */
export const charLength = (text: string): number => Array.from(text).length;

/** What a partner's postings carry besides the window: its catalogue state. */
export interface PostingOwner {
  id: string;
  name: string;
  certified: boolean;
}

/** The posting tables, each with its window column and the windows a name has there. */
const POSTING_TABLES = [
  { table: 'partner_name_trigrams', column: 'trigram', grams: nameTrigrams },
  { table: 'partner_name_bigrams', column: 'gram', grams: nameShortGrams },
] as const;

/**
 * Adds the partner's name postings, trigrams and short windows (INSERT IGNORE: the same window
 * twice, or equal under the collation, is one row), and counts its certified trigram postings.
 * Give the partner's transaction.
 */
export async function insertNamePostings(tx: EntityManager, partner: PostingOwner): Promise<void> {
  const certified = partner.certified ? 1 : 0;
  for (const { table, column, grams } of POSTING_TABLES) {
    const windows = grams(partner.name);
    if (windows.length === 0) continue;
    await tx.query(
      `INSERT IGNORE INTO ${table} (${column}, certified, name, partner_id) VALUES ${windows.map(() => '(?, ?, ?, ?)').join(', ')}`,
      windows.flatMap((gram) => [gram, certified, partner.name, partner.id]),
    );
  }
  await countTrigramPostings(tx, partner, +1);
}

/**
 * Removes the postings of the partner as it was stored (its previous name and certification):
 * every key part is given, so these are primary-key look-ups, no scan. Its trigram postings are
 * uncounted first, while they are still there to be read.
 */
export async function deleteNamePostings(tx: EntityManager, partner: PostingOwner): Promise<void> {
  await countTrigramPostings(tx, partner, -1);
  for (const { table, column, grams } of POSTING_TABLES) {
    const windows = grams(partner.name);
    if (windows.length === 0) continue;
    await tx.query(`DELETE FROM ${table} WHERE ${column} IN (${windows.map(() => '?').join(', ')}) AND certified = ? AND name = ? AND partner_id = ?`, [
      ...windows,
      partner.certified ? 1 : 0,
      partner.name,
      partner.id,
    ]);
  }
}

/**
 * Locks the trigram counts a change of the partner's postings will touch (the old and the new name's),
 * all in one statement in trigram order, before any of them changes: two renames at once then wait for
 * each other instead of each holding some counts the other needs (a deadlock). A partner's creation
 * changes its counts in one statement, in the same order.
 */
export async function lockTrigramCounts(tx: EntityManager, partners: readonly PostingOwner[]): Promise<void> {
  const windows = [...new Set(partners.filter((partner) => partner.certified).flatMap((partner) => nameTrigrams(partner.name)))];
  if (windows.length === 0) return;
  await tx.query(
    `SELECT trigram FROM partner_name_trigram_counts WHERE trigram IN (${windows.map(() => '?').join(', ')}) ORDER BY trigram FOR UPDATE`,
    windows,
  );
}

/**
 * Adds `delta` to the count of each of a certified partner's trigram postings (partner_name_trigram_counts).
 * The rows are read back from partner_name_trigrams by primary key, so each stored posting counts once
 * however many of the name's windows it stands for; the counts are changed in trigram order.
 */
async function countTrigramPostings(tx: EntityManager, partner: PostingOwner, delta: 1 | -1): Promise<void> {
  const windows = nameTrigrams(partner.name);
  if (!partner.certified || windows.length === 0) return;
  await tx.query(
    `INSERT INTO partner_name_trigram_counts (trigram, postings)
     SELECT trigram, ${delta} FROM partner_name_trigrams WHERE trigram IN (${windows.map(() => '?').join(', ')}) AND certified = 1 AND name = ? AND partner_id = ? ORDER BY trigram
     ON DUPLICATE KEY UPDATE postings = postings + VALUES(postings)`,
    [...windows, partner.name, partner.id],
  );
}
