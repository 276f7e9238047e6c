export { BindingsModule, BINDINGS_ENTITIES } from './bindings.module.js';
export { BindingsService, type Actor, type RequestInput } from './bindings.service.js';
export { BindingTermsService } from './binding-terms.service.js';
export { MIN_TERM_MS, MAX_TERM_MS } from './binding-terms.js';
export { BindingTrailService } from './binding-trail.service.js';
export type { BindingOwner } from './bindings.repository.js';
export {
  AuditExportService,
  AUDIT_FORMATS,
  AUDIT_CONTENT_TYPES,
  AUDIT_CSV_COLUMNS,
  type AuditFormat,
  type AuditRecord,
  type AuditExportOptions,
} from './audit-export.js';
export { ModuleEventsService, MODULE_EVENT_PAGE } from './module-events.service.js';
export { HelpfulContactsService, type HelpfulContact } from './helpful-contacts.service.js';
export { BindingsRetention } from './retention.js';
export { BINDING_STATUSES, LIVE_STATUSES, decide, statusAt, type BindingStatus, type Transition, type Decision } from './binding-state.js';
export type { BindingView, BindingEventView } from './binding.view.js';
export { ACTOR_KINDS, type ActorKind } from './binding-event.entity.js';
export { AccessCheckService } from './access-check.service.js';
export type { AccessAnswer } from './access-check.js';
export { BindingTimersService, type FiredTimers } from './binding-timers.service.js';
export { TimerKind } from './binding-timers.js';
