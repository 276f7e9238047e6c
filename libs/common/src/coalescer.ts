/**
 * Turns many concurrent single-item statements into few multi-item ones: the first item goes at
 * once (no waiting when it is quiet); items that arrive while a statement is in flight go together
 * in the next one, up to `maxBatch` items. Each caller's promise settles with the statement that
 * carried its item, so a failed statement fails exactly its own callers and the next goes on.
 *
 * Not a cache: every item is carried by a statement sent after the item was added, so a read
 * through a coalescer sees everything committed before its caller asked.
 *
 * `runMany` answers the items' results in the items' order (one per item; writes answer nothing).
 */
export class Coalescer<T, R = void> {
  private pending: Array<{ item: T; resolve: (result: R) => void; reject: (error: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly runMany: (items: T[]) => Promise<R[] | void>,
    private readonly maxBatch: number,
  ) {
    if (!(maxBatch >= 1)) throw new RangeError('maxBatch must be at least 1.');
  }

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) void this.run();
    });
  }

  private async run(): Promise<void> {
    this.running = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.runMany(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(results?.[i] as R));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.running = false;
  }
}

/**
 * Reads by key through a Coalescer: one statement reads the rows of the distinct keys of up to `maxBatch`
 * callers (e.g. `WHERE id IN (…)`), and each caller gets its own keys' rows, in the statement's order.
 */
export class KeyedReads<K, Row> {
  private readonly batches: Coalescer<readonly K[], Row[][]>;

  constructor(readRows: (keys: K[]) => Promise<Row[]>, keyOf: (row: Row) => K, maxBatch: number) {
    this.batches = new Coalescer(async (keyLists) => {
      const rowsByKey = new Map<K, Row[]>();
      for (const keys of keyLists) for (const key of keys) rowsByKey.set(key, []);
      for (const row of await readRows([...rowsByKey.keys()])) rowsByKey.get(keyOf(row))?.push(row);
      return keyLists.map((keys) => keys.map((key) => rowsByKey.get(key)!));
    }, maxBatch);
  }

  /** The rows of one key. */
  async of(key: K): Promise<Row[]> {
    const [rows] = await this.batches.add([key]);
    return rows!;
  }

  /** The rows of each key, in the keys' order; no statement for no keys. */
  ofEach(keys: readonly K[]): Promise<Row[][]> {
    return keys.length === 0 ? Promise.resolve([]) : this.batches.add(keys);
  }
}
