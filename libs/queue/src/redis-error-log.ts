import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { getQueueToken, WorkerHost } from '@nestjs/bullmq';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from './job-map.js';

const EVERY_MS = 10_000;
const logger = new Logger('Redis');

/**
 * An error listener for one Redis connection (or a BullMQ queue or worker, which pass their
 * connections' errors on). During an outage every reconnection attempt fails; this logs the
 * message (never a stack) at most once per 10 s per source, with how many it folded in.
 * Without a listener ioredis and BullMQ print each error with its stack to stderr.
 */
export function redisErrorLog(source: string): (error: Error) => void {
  let loggedAt = 0;
  let folded = 0;
  return (error) => {
    const now = Date.now();
    if (now - loggedAt < EVERY_MS) {
      folded++;
      return;
    }
    logger.warn(`${source}: ${error.message}${folded > 0 ? ` (and ${folded} more since the last report)` : ''}`);
    loggedAt = now;
    folded = 0;
  };
}

/** Gives the process's BullMQ queues and workers the error listener above. */
@Injectable()
export class QueueErrorLog implements OnApplicationBootstrap {
  constructor(
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of ALL_QUEUES) this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).on('error', redisErrorLog(`queue ${name}`));
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!(instance instanceof WorkerHost)) continue;
      try {
        instance.worker.on('error', redisErrorLog(`worker ${instance.worker.name}`));
      } catch {
        // a processor whose worker never started has nothing to report
      }
    }
  }
}
