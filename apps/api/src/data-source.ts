/**
 * The data source for the TypeORM CLI (migration:run / migration:generate / the drift check),
 * run from the build: `npx typeorm -d dist/apps/api/src/data-source.js migration:run`.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ACCOUNTS_ENTITIES } from '@app/accounts';
import { BINDINGS_ENTITIES } from '@app/bindings';
import { loadConfig } from '@app/config';
import { OutboxEntity, dataSourceOptions } from '@app/database';
import { MAIL_ENTITIES } from '@app/mail';
import { NOTIFICATIONS_ENTITIES } from '@app/notifications';
import { PARTNERS_ENTITIES } from '@app/partners';

export const ALL_ENTITIES = [OutboxEntity, ...ACCOUNTS_ENTITIES, ...PARTNERS_ENTITIES, ...BINDINGS_ENTITIES, ...NOTIFICATIONS_ENTITIES, ...MAIL_ENTITIES];

export default new DataSource(dataSourceOptions(loadConfig(), ALL_ENTITIES));
