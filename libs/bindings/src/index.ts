export { BindingsModule, BINDINGS_ENTITIES } from './bindings.module.js';
export { BindingsService, type Actor } from './bindings.service.js';
export { HelpfulContactsService, type HelpfulContact } from './helpful-contacts.service.js';
export { BindingsRetention } from './retention.js';
export { BINDING_STATUSES, LIVE_STATUSES, decide, type BindingStatus, type Transition, type Decision } from './binding-state.js';
export type { BindingView, BindingEventView } from './binding.view.js';
export { ACTOR_KINDS, type ActorKind } from './binding-event.entity.js';
export { AccessCheckService } from './access-check.service.js';
export type { AccessAnswer } from './access-check.js';
