import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Job, type Queue } from 'bullmq';
import { QueueName } from '@app/queue';
import { EndpointGate } from './endpoint-gate.js';
import type { EndpointOwner } from './endpoint-owner.js';

/** A parked job may still be on its way into the delayed set when it is woken: ask again this often. */
const PROMOTE_TRIES = 5;
const PROMOTE_PAUSE_MS = 20;
/** At most this many parked ids are tried per freed slot (ids of jobs that went on their own are skipped). */
const WAKE_ROUNDS = 4;

/**
 * Wakes parked webhook jobs: a job refused a slot by the EndpointGate waits delayed (taking no worker
 * slot); when a slot of its owner frees, the oldest parked job is promoted to run now. A wake that
 * misses (the job already ran on its own fallback delay) passes the slot to the next parked job.
 */
@Injectable()
export class ParkedJobs {
  private readonly logger = new Logger(ParkedJobs.name);

  constructor(
    @InjectQueue(QueueName.PartnerWebhooks) private readonly queue: Queue,
    @Inject(EndpointGate) private readonly gate: EndpointGate,
  ) {}

  async wake(owner: EndpointOwner, jobIds: string[]): Promise<void> {
    let ids = jobIds;
    for (let round = 0; round < WAKE_ROUNDS && ids.length > 0; round++) {
      const missed = (await Promise.all(ids.map((id) => this.promote(id)))).filter((woke) => !woke).length;
      ids = missed > 0 ? await this.gate.nextParked(owner, missed).catch(() => []) : [];
    }
  }

  /** True when the job was promoted (or is about to run anyway). */
  private async promote(jobId: string): Promise<boolean> {
    try {
      for (let tryNo = 0; tryNo < PROMOTE_TRIES; tryNo++) {
        const job = await Job.fromId(this.queue, jobId);
        if (!job) return false;
        const state = await job.getState();
        if (state === 'delayed') {
          await job.promote();
          return true;
        }
        if (state === 'waiting' || state === 'prioritized') return true;
        if (state !== 'active') return false;
        await sleep(PROMOTE_PAUSE_MS);
      }
    } catch (error) {
      // Promoted or moved meanwhile; the job's own delay still runs it.
      this.logger.debug(`Could not wake parked job ${jobId}: ${(error as Error).message}`);
    }
    return false;
  }
}
