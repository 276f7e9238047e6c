export { BindingsModule, BINDINGS_ENTITIES } from './bindings.module.js';
export { BindingsService } from './bindings.service.js';
export { BINDING_STATUSES, LIVE_STATUSES, decide } from './binding-state.js';
//# sourceMappingURL=index.js.map