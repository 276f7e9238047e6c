import { describe, expect, it } from '@jest/globals';
import { QueueKeys } from 'bullmq';
import { Command } from 'ioredis';
import { loadConfig } from '@app/config';
import { ALL_QUEUES } from './job-map.js';
import { queueKeyPrefix } from './redis.js';

const slotOf = (key: string) => new Command('exists', [key]).getSlot();

describe('queue keys on a Redis Cluster', () => {
  it("puts every key of every queue in one hash slot, as BullMQ's multi-key scripts need", () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', QUEUE_PREFIX: 'pbs' });
    const keys = ALL_QUEUES.flatMap((name) => Object.values(new QueueKeys(queueKeyPrefix(config)).getKeys(name)));
    expect(keys.length).toBeGreaterThan(ALL_QUEUES.length * 10);
    expect(new Set(keys.map(slotOf))).toEqual(new Set([slotOf('{pbs}')]));
    // A job's own keys too (the relay publishes jobs with id = outbox row id).
    expect(slotOf(`${queueKeyPrefix(config)}:partner-webhooks:0190a0b1-0000-7000-8000-000000000000`)).toBe(slotOf('{pbs}'));
  });

  it('keeps the plain prefix on one node and behind Sentinel, so queues already in Redis stay where they are', () => {
    expect(queueKeyPrefix(loadConfig({ QUEUE_PREFIX: 'pbs' }))).toBe('pbs');
    expect(queueKeyPrefix(loadConfig({ REDIS_SENTINELS: '10.0.0.1:26379', REDIS_SENTINEL_MASTER: 'pbs', QUEUE_PREFIX: 'pbs' }))).toBe('pbs');
  });
});
