/**
 * The data source for the TypeORM CLI (migration:run / migration:generate / the drift check),
 * run from the build: `npx typeorm -d dist/apps/api/src/data-source.js migration:run`.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ACCOUNTS_ENTITIES } from "../../../libs/accounts/src/index.js";
import { BINDINGS_ENTITIES } from "../../../libs/bindings/src/index.js";
import { loadConfig } from "../../../libs/config/src/index.js";
import { OutboxEntity, dataSourceOptions } from "../../../libs/database/src/index.js";
import { MAIL_ENTITIES } from "../../../libs/mail/src/index.js";
import { NOTIFICATIONS_ENTITIES } from "../../../libs/notifications/src/index.js";
import { PARTNERS_ENTITIES } from "../../../libs/partners/src/index.js";
export const ALL_ENTITIES = [OutboxEntity, ...ACCOUNTS_ENTITIES, ...PARTNERS_ENTITIES, ...BINDINGS_ENTITIES, ...NOTIFICATIONS_ENTITIES, ...MAIL_ENTITIES];
export default new DataSource(dataSourceOptions(loadConfig(), ALL_ENTITIES));
//# sourceMappingURL=data-source.js.map