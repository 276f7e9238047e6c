import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { UnitOfWork as UnitOfWorkType } from '@app/database';
import { UnitOfWork } from '@app/database';
import { testConfig, waitFor } from '@app/testing';
import { OutboxSignal } from './outbox-signal.js';
import { closeRedis, createRedis, type RedisClient } from './redis.js';

/** Commits that wrote outbox rows wake the relays of other processes through Redis (a hint; the relay's poll is the fallback). */
describe('OutboxSignal', () => {
  const config = testConfig();
  const channel = `${config.redis.queuePrefix}:outbox-committed`;
  let redis: RedisClient;
  let subscriber: RedisClient;
  // Only its listeners are used here: outboxCommitted() is what a commit calls.
  const unitOfWork: UnitOfWorkType = new UnitOfWork(null as never);
  let messages = 0;

  beforeAll(async () => {
    redis = createRedis(config);
    subscriber = createRedis(config);
    subscriber.on('message', () => messages++);
    await subscriber.subscribe(channel);
    await waitFor(() => redis.status === 'ready', { what: 'Redis' });
    new OutboxSignal(redis, unitOfWork, config).onModuleInit();
  });

  afterAll(async () => {
    await closeRedis(subscriber);
    await closeRedis(redis);
  });

  /** Waits until no message has arrived for a while, and answers how many arrived since `from`. */
  async function settled(from: number): Promise<number> {
    let seen = -1;
    await waitFor(
      async () => {
        const now = messages;
        if (now === seen) return true;
        seen = now;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return false;
      },
      { what: 'the wake-ups to stop arriving' },
    );
    return messages - from;
  }

  it('a commit sends a wake-up at once', async () => {
    const before = messages;
    unitOfWork.outboxCommitted();
    await waitFor(() => messages > before, { what: 'a wake-up' });
    expect(await settled(before)).toBe(1);
  });

  it('commits while a wake-up is on its way share one more after it: a burst of 200 sends two, and the last commit is followed by one', async () => {
    const before = messages;
    for (let i = 0; i < 200; i++) unitOfWork.outboxCommitted();
    expect(await settled(before)).toBe(2);
  });
});
