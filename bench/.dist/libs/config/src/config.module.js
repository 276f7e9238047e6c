var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var ConfigModule_1;
import { Module } from '@nestjs/common';
import { loadConfig } from './app-config.js';
/** Injection token for the parsed {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');
/** Parses the environment once; every module injects the typed result. */
let ConfigModule = ConfigModule_1 = class ConfigModule {
    /** `config` is for tests; the apps parse the process environment. */
    static forRoot(config) {
        return {
            module: ConfigModule_1,
            global: true,
            providers: [{ provide: APP_CONFIG, useValue: config ?? loadConfig() }],
            exports: [APP_CONFIG],
        };
    }
};
ConfigModule = ConfigModule_1 = __decorate([
    Module({})
], ConfigModule);
export { ConfigModule };
//# sourceMappingURL=config.module.js.map