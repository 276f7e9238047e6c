export { DatabaseModule } from './database.module.js';
export { UnitOfWork } from './unit-of-work.js';
export { OutboxStore } from './outbox-store.js';
export { dataSourceOptions } from './data-source-options.js';
export { prepareDatabase, createDatabaseIfMissing, dropDatabase } from './prepare-database.js';
export { UuidColumn, UuidPrimaryColumn, TimeColumn } from './columns.js';
export { OutboxEntity } from './outbox.entity.js';
export { isDuplicateKey } from './duplicate-key.js';
//# sourceMappingURL=index.js.map