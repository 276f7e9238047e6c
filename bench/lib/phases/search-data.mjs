// The search phase's catalogue (varied partner names) and query mix.
import { v7 as uuidv7 } from 'uuid';

const WORDS1 = [
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
  'Sunny',
  'Hyper',
  'Neo',
  'Delta',
  'Alpha',
  'Omega',
  'Metro',
  'Star',
  'Red',
  'Wise',
  'Bold',
  'True',
  'Stellar',
  'Fusion',
  'Summit',
  'Zenith',
  'Arctic',
  'Lunar',
  'Solar',
  'Echo',
];
const WORDS2 = [
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
  'Wave',
  'Core',
  'Stack',
  'Flow',
  'Nexus',
  'Spark',
  'Sales',
  'Trade',
  'Ledger',
  'Point',
  'Scale',
  'Shift',
  'Link',
  'Sphere',
  'Grid',
  'Vision',
  'Craft',
  'Node',
  'Peak',
  'River',
];
const WORDS3 = ['Labs', 'Systems', 'Group', 'Digital', 'Partners', 'Solutions', 'Agency', 'Consulting', 'Tech', 'LLC'];

/** `<word> <word> <suffix> <6 digits>` */
const nameOf = (i) => `${WORDS1[i % 40]} ${WORDS2[Math.floor(i / 40) % 40]} ${WORDS3[Math.floor(i / 1600) % 10]} ${String(i).padStart(6, '0')}`;

/** Bulk-inserts `count` certified partners (2,000 a statement). */
export async function seedPartners(admin, count) {
  const at = new Date();
  for (let from = 0; from < count; from += 2000) {
    const rows = [];
    for (let i = from; i < Math.min(count, from + 2000); i++) {
      rows.push([
        uuidv7(),
        nameOf(i),
        'Certified marketplace partner: integration, support, analytics.',
        1,
        `seed${i}@catalogue.example`,
        null,
        null,
        '["integration"]',
        null,
        'whsec_seed',
        at,
        at,
      ]);
    }
    await admin.query(
      'INSERT INTO partners (id, name, description, certified, contact_email, contact_phone, contact_website, services, webhook_url, webhook_secret, created_at, updated_at) VALUES ?',
      [rows],
    );
  }
}

/**
 * 60 % a common word's prefix (many matches), 30 % a specific partner's name fragment (few matches),
 * 10 % no match; plus shapes built to cost the service: 1–2 characters, long fragments of common
 * words, odd characters.
 */
export function searchQueries(count, partners) {
  const queries = [];
  for (let i = 0; i < count; i++) {
    const x = i % 10;
    if (x < 6) {
      const w = [...WORDS1, ...WORDS2, ...WORDS3][(i * 7) % 90];
      queries.push({ kind: 'common', q: w.slice(0, 3 + (i % 3)).toLowerCase() });
    } else if (x < 9)
      queries.push({
        kind: 'rare',
        q: nameOf((i * 7919) % partners)
          .split(' ')
          .slice(1)
          .join(' ')
          .toLowerCase(),
      });
    else queries.push({ kind: 'none', q: `zq${i}x` });
  }
  for (let i = 0; i < count / 10; i++) {
    queries.push({ kind: 'short', q: ['a', 'zq', 'é', 'x9'][i % 4] });
    queries.push({
      kind: 'longCommon',
      q: `${WORDS3[i % 10]} ${WORDS3[(i + 3) % 10]} ${WORDS2[i % 40]} ${WORDS3[(i + 7) % 10]} ${WORDS1[i % 40]}`.toLowerCase(),
    });
    queries.push({ kind: 'odd', q: ['%_%', '\\\\', '🙂 café', "' OR 1=1 --"][i % 4] });
  }
  return queries;
}
