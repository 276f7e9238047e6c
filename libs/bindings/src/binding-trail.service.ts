import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { NotFoundError, isUuid } from '@app/common';
import { BindingEntity } from './binding.entity.js';
import { BindingEventEntity } from './binding-event.entity.js';
import { toBindingView, toEventView, type BindingEventView, type BindingView } from './binding.view.js';

export type BindingOwner = { accountId: string } | { partnerId: string };

/** A binding with its audit trail, read by the account it belongs to or the partner it is addressed to. */
@Injectable()
export class BindingTrailService {
  constructor(
    @InjectRepository(BindingEntity) private readonly bindings: Repository<BindingEntity>,
    @InjectRepository(BindingEventEntity) private readonly events: Repository<BindingEventEntity>,
  ) {}

  /** 404 for a binding that is not the owner's, exactly as for one that does not exist. */
  async withTrail(owner: BindingOwner, bindingId: string): Promise<BindingView & { events: BindingEventView[] }> {
    if (!isUuid(bindingId)) throw new NotFoundError('Binding');
    const binding = await this.bindings.findOneBy({ id: bindingId, ...owner });
    if (!binding) throw new NotFoundError('Binding');
    const events = await this.events.find({ where: { bindingId }, order: { at: 'ASC', id: 'ASC' } });
    return { ...toBindingView(binding), events: events.map(toEventView) };
  }
}
