export { DatabaseModule } from './database.module.js';
export { UnitOfWork, type OutboxMessage } from './unit-of-work.js';
export { OutboxStore, type ClaimedOutboxRow } from './outbox-store.js';
export { dataSourceOptions } from './data-source-options.js';
export { prepareDatabase, createDatabaseIfMissing, dropDatabase } from './prepare-database.js';
export { UuidColumn, UuidPrimaryColumn, TimeColumn } from './columns.js';
export { OutboxEntity } from './outbox.entity.js';
export { isDuplicateKey } from './duplicate-key.js';
export { Sql } from './sql.js';
