import { Module, type DynamicModule } from '@nestjs/common';
import { loadConfig, type AppConfig } from './app-config.js';

/** Injection token for the parsed {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Parses the environment once; every module injects the typed result. */
@Module({})
export class ConfigModule {
  /** `config` is for tests; the apps parse the process environment. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config ?? loadConfig() }],
      exports: [APP_CONFIG],
    };
  }
}
