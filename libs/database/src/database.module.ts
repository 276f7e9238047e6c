import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { dataSourceOptions } from './data-source-options.js';
import { OutboxEntity } from './outbox.entity.js';
import { OutboxStore } from './outbox-store.js';
import { useReadCommitted } from './read-committed.js';
import { Sql } from './sql.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    // Only the options factory is given the config; it hands the sql_mode on to the data source factory.
    let sqlMode: string | undefined;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            sqlMode = config.db.sqlMode;
            return { ...dataSourceOptions(config), autoLoadEntities: true, retryAttempts: 3, retryDelay: 1000 };
          },
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            useReadCommitted(dataSource, sqlMode);
            return dataSource;
          },
        }),
        TypeOrmModule.forFeature([OutboxEntity]),
      ],
      providers: [UnitOfWork, OutboxStore, Sql],
      exports: [UnitOfWork, OutboxStore, Sql],
    };
  }
}
