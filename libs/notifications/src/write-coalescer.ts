/**
 * Turns many concurrent single-row writes into few multi-row statements: the first item is written at
 * once (no waiting when it is quiet); items that arrive while a statement is in flight go together in
 * the next one, up to `maxBatch` rows. Each caller's promise settles with the statement that carried
 * its item, so a failed statement fails exactly its own callers (whose jobs then retry).
 */
export class WriteCoalescer<T> {
  private pending: Array<{ item: T; resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly writeMany: (items: T[]) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        await this.writeMany(batch.map((entry) => entry.item));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.flushing = false;
  }
}
