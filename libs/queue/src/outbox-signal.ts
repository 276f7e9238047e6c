import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { UnitOfWork } from '@app/database';
import { REDIS, closeRedis, createRedis, type RedisClient } from './redis.js';

/**
 * Wakes outbox relays as soon as a transaction with jobs commits, instead of leaving
 * them to their next poll. Only a hint: if the message is lost, the poll still finds the rows.
 */
@Injectable()
export class OutboxSignal implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSignal.name);
  private readonly listeners: Array<() => void> = [];
  private subscriber: RedisClient | null = null;
  /** A wake-up message is on its way to Redis; commits meanwhile ask for one more after it. */
  private publishing = false;
  private publishAgain = false;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get channel(): string {
    return `${this.config.redis.queuePrefix}:outbox-committed`;
  }

  onModuleInit(): void {
    this.unitOfWork.onOutboxCommitted(() => {
      for (const listener of this.listeners) listener(); // a relay in this process wakes at once
      // Sent at once, not at the end of the event-loop turn; while one is in flight, the commits that
      // follow share one more message after it: under load, one per round trip, not one per request.
      if (this.publishing) this.publishAgain = true;
      else this.publish();
    });
  }

  private publish(): void {
    if (this.redis.status !== 'ready') return;
    this.publishing = true;
    this.redis
      .publish(this.channel, '1')
      .catch(() => undefined)
      .finally(() => {
        this.publishing = false;
        if (!this.publishAgain) return;
        this.publishAgain = false;
        this.publish();
      });
  }

  /** Calls `listener` whenever any process commits outbox rows. */
  async subscribe(listener: () => void): Promise<void> {
    this.listeners.push(listener);
    if (this.subscriber) return;
    this.subscriber = createRedis(this.config, { maxRetriesPerRequest: 1 });
    this.subscriber.on('message', () => this.listeners.forEach((l) => l()));
    this.subscriber.on('error', () => undefined); // reconnects by itself; the relay's poll covers the gap
    await this.subscriber.subscribe(this.channel).catch((error) => this.logger.warn(`Outbox wake-ups unavailable until Redis is back: ${String(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.subscriber);
  }
}
