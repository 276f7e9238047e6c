export { loadConfig, ConfigError, DEVELOPMENT_JWT_SECRET, DEVELOPMENT_OPERATOR_TOKEN } from './app-config.js';
export { ConfigModule, APP_CONFIG } from './config.module.js';
//# sourceMappingURL=index.js.map