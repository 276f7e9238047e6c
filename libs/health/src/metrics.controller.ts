import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { For } from '@app/auth';

/** Prometheus text format, for scrapers on the private network (no credentials, no business data). */
@ApiExcludeController()
@For('public')
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', register.contentType)
  scrape(): Promise<string> {
    return register.metrics();
  }
}
