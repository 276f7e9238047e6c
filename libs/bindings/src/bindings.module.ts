import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@app/accounts';
import { PartnersModule } from '@app/partners';
import { BindingEntity } from './binding.entity.js';
import { BindingEventEntity } from './binding-event.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { AccessCheckService } from './access-check.service.js';
import { BindingsRepository } from './bindings.repository.js';
import { BindingsService } from './bindings.service.js';
import { HelpfulContactsService } from './helpful-contacts.service.js';
import { BindingTrailService } from './binding-trail.service.js';
import { AuditExportService } from './audit-export.js';
import { ModuleEventsService } from './module-events.service.js';
import { IdempotencyStore } from './idempotency.store.js';
import { BindingsRetention } from './retention.js';
import { BindingTimerEntity } from './binding-timer.entity.js';
import { BindingTimersService } from './binding-timers.service.js';
import { BindingTermsService } from './binding-terms.service.js';

export const BINDINGS_ENTITIES = [BindingEntity, BindingEventEntity, IdempotencyKeyEntity, BindingTimerEntity];

@Module({
  imports: [TypeOrmModule.forFeature(BINDINGS_ENTITIES), AccountsModule, PartnersModule],
  providers: [
    BindingsRepository,
    BindingsService,
    IdempotencyStore,
    HelpfulContactsService,
    BindingsRetention,
    BindingTimersService,
    BindingTermsService,
    BindingTrailService,
    AuditExportService,
    ModuleEventsService,
    AccessCheckService,
  ],
  exports: [
    BindingsService,
    HelpfulContactsService,
    BindingsRetention,
    BindingTimersService,
    BindingTermsService,
    BindingTrailService,
    AuditExportService,
    ModuleEventsService,
    AccessCheckService,
  ],
})
export class BindingsModule {}
