import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, isUuid } from '@app/common';
import { toBindingView, type BindingEventView, type BindingView } from './binding.view.js';
import { BindingsRepository, type BindingOwner } from './bindings.repository.js';

/** A binding with its audit trail, read by the account it belongs to or the partner it is addressed to. */
@Injectable()
export class BindingTrailService {
  constructor(@Inject(BindingsRepository) private readonly bindings: BindingsRepository) {}

  /** 404 for a binding that is not the owner's, exactly as for one that does not exist. */
  async withTrail(owner: BindingOwner, bindingId: string): Promise<BindingView & { events: BindingEventView[] }> {
    if (!isUuid(bindingId)) throw new NotFoundError('Binding');
    const binding = await this.bindings.find(bindingId, owner);
    if (!binding) throw new NotFoundError('Binding');
    return { ...toBindingView(binding), events: await this.bindings.eventsOf(bindingId) };
  }
}
