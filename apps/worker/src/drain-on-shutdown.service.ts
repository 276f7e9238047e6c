import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { OutboxRelay } from './outbox-relay.service.js';

/**
 * SIGTERM: stop the relay, then close every BullMQ worker, which waits for its active
 * jobs to finish, before anything else shuts down. Nest closes queues, Redis and the
 * MySQL pool later, in onApplicationShutdown, so a job that is finishing never loses
 * its connections half-way (which would leave it stalled, or deliver it twice).
 */
@Injectable()
export class DrainOnShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DrainOnShutdown.name);

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    await this.relay.onApplicationShutdown();
    const workers = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .flatMap((host) => {
        try {
          return [host.worker];
        } catch {
          return []; // a processor whose worker never started
        }
      });
    if (signal) this.logger.log(`${signal}: finishing ${workers.length} queue worker(s)' active jobs before closing`);
    await Promise.all(workers.map((worker) => worker.close()));
  }
}
