import { Coalescer } from './coalescer.js';

/** Statements that finish only when the test says so; a finished read answers each item doubled. */
function controlledStatements() {
  const statements: Array<{ items: number[]; finish: (error?: Error) => void }> = [];
  const runMany = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => statements.push({ items, finish: (error) => (error ? reject(error) : resolve(items.map((item) => item * 2))) }));
  return { statements, runMany };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Coalescer', () => {
  it('sends the first item at once and the items that arrive meanwhile together in the next statement', async () => {
    const { statements, runMany } = controlledStatements();
    const coalescer = new Coalescer(runMany, 10);
    const first = coalescer.add(1);
    const later = [coalescer.add(2), coalescer.add(3), coalescer.add(4)];
    await settle();
    expect(statements.map((s) => s.items)).toEqual([[1]]);

    statements[0]!.finish();
    await expect(first).resolves.toBe(2);
    await settle();
    expect(statements.map((s) => s.items)).toEqual([[1], [2, 3, 4]]);
    statements[1]!.finish();
    // Each caller gets the result of its own item.
    await expect(Promise.all(later)).resolves.toEqual([4, 6, 8]);
  });

  it('splits a backlog into statements of at most maxBatch items', async () => {
    const { statements, runMany } = controlledStatements();
    const coalescer = new Coalescer(runMany, 2);
    const all = [1, 2, 3, 4, 5].map((n) => coalescer.add(n));
    for (let i = 0; i < 4; i++) {
      await settle();
      statements.at(-1)?.finish();
    }
    await expect(Promise.all(all)).resolves.toEqual([2, 4, 6, 8, 10]);
    expect(statements.map((s) => s.items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails exactly the callers whose statement failed, and goes on with the next', async () => {
    const { statements, runMany } = controlledStatements();
    const coalescer = new Coalescer(runMany, 10);
    const first = coalescer.add(1);
    const second = [coalescer.add(2), coalescer.add(3)];
    await settle();
    statements[0]!.finish();
    await first;
    await settle();
    const third = coalescer.add(4);
    statements[1]!.finish(new Error('deadlock'));
    await expect(second[0]).rejects.toThrow('deadlock');
    await expect(second[1]).rejects.toThrow('deadlock');
    await settle();
    expect(statements.map((s) => s.items)).toEqual([[1], [2, 3], [4]]);
    statements[2]!.finish();
    await expect(third).resolves.toBe(8);
  });

  it('never carries an item in a statement sent before the item was added (it is not a cache)', async () => {
    const { statements, runMany } = controlledStatements();
    const coalescer = new Coalescer(runMany, 10);
    const first = coalescer.add(7);
    await settle();
    // The same item again while the first statement is in flight: it waits for a statement of its own.
    const again = coalescer.add(7);
    statements[0]!.finish();
    await first;
    await settle();
    expect(statements.map((s) => s.items)).toEqual([[7], [7]]);
    statements[1]!.finish();
    await expect(again).resolves.toBe(14);
  });

  it('settles writes, whose statements answer nothing', async () => {
    const written: number[][] = [];
    const coalescer = new Coalescer<number>(async (items) => {
      written.push(items);
    }, 10);
    await expect(Promise.all([coalescer.add(1), coalescer.add(2)])).resolves.toEqual([undefined, undefined]);
    expect(written).toEqual([[1], [2]]);
  });

  it('refuses a batch bound below one', () => {
    expect(() => new Coalescer(async () => [], 0)).toThrow(RangeError);
  });
});
