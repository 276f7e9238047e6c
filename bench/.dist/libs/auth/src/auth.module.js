var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccountsModule } from "../../accounts/src/index.js";
import { APP_CONFIG } from "../../config/src/index.js";
import { PartnersModule } from "../../partners/src/index.js";
import { TokenService } from './token.service.js';
let AuthModule = class AuthModule {
};
AuthModule = __decorate([
    Module({
        imports: [
            AccountsModule,
            PartnersModule,
            JwtModule.registerAsync({
                inject: [APP_CONFIG],
                useFactory: (config) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
            }),
        ],
        providers: [TokenService],
        exports: [TokenService],
    })
], AuthModule);
export { AuthModule };
//# sourceMappingURL=auth.module.js.map