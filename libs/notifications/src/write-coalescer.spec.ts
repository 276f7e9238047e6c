import { WriteCoalescer } from './write-coalescer.js';

/** A writer whose statements finish only when the test says so. */
function controlledWriter() {
  const statements: Array<{ items: number[]; finish: (error?: Error) => void }> = [];
  const writeMany = (items: number[]) =>
    new Promise<void>((resolve, reject) => statements.push({ items, finish: (error) => (error ? reject(error) : resolve()) }));
  return { statements, writeMany };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('WriteCoalescer', () => {
  it('writes the first item at once and the items that arrive meanwhile together in the next statement', async () => {
    const { statements, writeMany } = controlledWriter();
    const coalescer = new WriteCoalescer(writeMany, 10);
    const first = coalescer.add(1);
    const later = [coalescer.add(2), coalescer.add(3), coalescer.add(4)];
    await settle();
    expect(statements.map((s) => s.items)).toEqual([[1]]);

    statements[0]!.finish();
    await first;
    await settle();
    expect(statements.map((s) => s.items)).toEqual([[1], [2, 3, 4]]);
    statements[1]!.finish();
    await Promise.all(later);
  });

  it('splits a backlog into statements of at most maxBatch items', async () => {
    const { statements, writeMany } = controlledWriter();
    const coalescer = new WriteCoalescer(writeMany, 2);
    const all = [1, 2, 3, 4, 5].map((n) => coalescer.add(n));
    for (let i = 0; i < 4; i++) {
      await settle();
      statements.at(-1)?.finish();
    }
    await Promise.all(all);
    expect(statements.map((s) => s.items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails exactly the callers whose statement failed, and goes on with the next', async () => {
    const { statements, writeMany } = controlledWriter();
    const coalescer = new WriteCoalescer(writeMany, 10);
    const first = coalescer.add(1);
    const second = [coalescer.add(2), coalescer.add(3)];
    await settle();
    statements[0]!.finish();
    await first;
    await settle();
    const third = coalescer.add(4);
    statements[1]!.finish(new Error('deadlock'));
    await expect(Promise.all(second)).rejects.toThrow('deadlock');
    await settle();
    expect(statements.map((s) => s.items)).toEqual([[1], [2, 3], [4]]);
    statements[2]!.finish();
    await expect(third).resolves.toBeUndefined();
  });
});
