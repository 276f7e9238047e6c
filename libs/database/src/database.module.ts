import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options.js';
import { OutboxEntity } from './outbox.entity.js';
import { OutboxStore } from './outbox-store.js';
import { Sql } from './sql.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config), autoLoadEntities: true, retryAttempts: 3, retryDelay: 1000 }),
        }),
        TypeOrmModule.forFeature([OutboxEntity]),
      ],
      providers: [UnitOfWork, OutboxStore, Sql],
      exports: [UnitOfWork, OutboxStore, Sql],
    };
  }
}
