import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnerEntity } from './partner.entity.js';
import { PartnerNameTrigramEntity } from './partner-name-trigram.entity.js';
import { PartnerUserEntity } from './partner-user.entity.js';
import { CATALOGUE_PLAN, PartnersService, type CataloguePlan } from './partners.service.js';

export const PARTNERS_ENTITIES = [PartnerEntity, PartnerUserEntity, PartnerNameTrigramEntity];

@Module({
  imports: [TypeOrmModule.forFeature(PARTNERS_ENTITIES)],
  providers: [PartnersService, { provide: CATALOGUE_PLAN, useValue: 'rarest' satisfies CataloguePlan }],
  exports: [PartnersService],
})
export class PartnersModule {}
