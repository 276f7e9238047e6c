import { Inject, Injectable } from '@nestjs/common';
import { PartnersService, type AccessScope, type CataloguePartner } from '@app/partners';
import { BindingsService } from './bindings.service.js';

export interface HelpfulContact {
  bindingId: string;
  /** When the partner confirmed. */
  since: string;
  /** What the binding grants the partner. */
  scopes: AccessScope[];
  /** When the fixed term ends; null: open-ended. */
  endsAt: string | null;
  partner: Pick<CataloguePartner, 'id' | 'name' | 'description' | 'contacts' | 'services'>;
}

/**
 * A seller's Helpful Contacts: the partners of its active bindings with their profiles, most
 * recently confirmed first. A bound partner stays here after decertification (the binding stands).
 */
@Injectable()
export class HelpfulContactsService {
  constructor(
    @Inject(BindingsService) private readonly bindings: BindingsService,
    @Inject(PartnersService) private readonly partners: PartnersService,
  ) {}

  async list(accountId: string): Promise<{ items: HelpfulContact[] }> {
    const active = await this.bindings.activeBindings(accountId);
    const partners = await this.partners.getMany(active.map((binding) => binding.partnerId));
    return {
      items: active.flatMap((binding) => {
        const partner = partners.get(binding.partnerId);
        if (!partner) return [];
        const { id, name, description, contacts, services } = partner;
        return [
          {
            bindingId: binding.id,
            since: binding.respondedAt ?? binding.requestedAt,
            scopes: binding.scopes,
            endsAt: binding.endsAt,
            partner: { id, name, description, contacts, services },
          },
        ];
      }),
    };
  }
}
