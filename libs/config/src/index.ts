export { loadConfig, ConfigError, DEVELOPMENT_JWT_SECRET, DEVELOPMENT_OPERATOR_TOKEN, type AppConfig } from './app-config.js';
export { ConfigModule, APP_CONFIG } from './config.module.js';
export type { RedisAddress, RedisConfig, RedisTopology } from './redis-config.js';
