export {
  loadConfig,
  loadSecretsKeys,
  ConfigError,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_OPERATOR_TOKEN,
  DEVELOPMENT_SECRETS_KEY,
  type AppConfig,
  type SecretsKey,
  type SecretsKeys,
  type ExternalIdpConfig,
} from './app-config.js';
export { ConfigModule, APP_CONFIG } from './config.module.js';
