import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccountsModule } from '@app/accounts';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { PartnersModule } from '@app/partners';
import { TokenService } from './token.service.js';

@Module({
  imports: [
    AccountsModule,
    PartnersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  providers: [TokenService],
  exports: [TokenService],
})
export class AuthModule {}
