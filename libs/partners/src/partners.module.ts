import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretBox } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PartnerEntity } from './partner.entity.js';
import { PartnerNameBigramEntity } from './partner-name-bigram.entity.js';
import { PartnerNameTrigramCountEntity } from './partner-name-trigram-count.entity.js';
import { PartnerNameTrigramEntity } from './partner-name-trigram.entity.js';
import { PartnerUserEntity } from './partner-user.entity.js';
import { PartnersRepository } from './partners.repository.js';
import { CATALOGUE_PLAN, PartnersService, type CataloguePlan } from './partners.service.js';

export const PARTNERS_ENTITIES = [PartnerEntity, PartnerUserEntity, PartnerNameTrigramEntity, PartnerNameTrigramCountEntity, PartnerNameBigramEntity];

@Module({
  imports: [TypeOrmModule.forFeature(PARTNERS_ENTITIES)],
  providers: [
    PartnersRepository,
    PartnersService,
    { provide: CATALOGUE_PLAN, useValue: 'rarest' satisfies CataloguePlan },
    // Webhook secrets are stored sealed with SECRETS_KEY; previous keys stay readable after a rotation.
    { provide: SecretBox, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SecretBox(config.secretsKeys.current, config.secretsKeys.previous) },
  ],
  // SecretBox is shared with the other owners of webhook endpoints (seller accounts).
  exports: [PartnersService, SecretBox],
})
export class PartnersModule {}
