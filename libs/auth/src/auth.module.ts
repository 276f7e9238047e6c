import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccountsModule } from '@app/accounts';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PartnersModule } from '@app/partners';
import { TokenService } from './token.service.js';
import { UserDirectory } from './user-directory.service.js';

@Module({
  imports: [
    AccountsModule,
    PartnersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // The key as a KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a
      // PEM public key on every verify, an exception per request (its cost: BENCHMARKS.md).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [TokenService, UserDirectory],
  exports: [TokenService, UserDirectory],
})
export class AuthModule {}
