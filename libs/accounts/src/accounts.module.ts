import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity } from './account.entity.js';
import { SellerUserEntity } from './seller-user.entity.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

export const ACCOUNTS_ENTITIES = [AccountEntity, SellerUserEntity];

@Module({
  imports: [TypeOrmModule.forFeature(ACCOUNTS_ENTITIES)],
  providers: [AccountsRepository, AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
