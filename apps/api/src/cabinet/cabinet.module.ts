import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Inject, Module, Param, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { For } from '@app/auth';
import { NotFoundError } from '@app/common';
import { APP_CONFIG, DEVELOPMENT_OPERATOR_TOKEN, type AppConfig } from '@app/config';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Where the page's files are. Next to this module when they were copied there (the build
 * copies `cabinet/public/**` into dist, see nest-cli.json "assets"), else in the source tree
 * (jest runs the sources; `node dist/...` run from the repository root finds them there too).
 */
export function cabinetPublicDir(): string {
  const candidates = [fileURLToPath(new URL('./public/', import.meta.url)), resolve(process.cwd(), 'apps/api/src/cabinet/public')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

/** The page only talks to this origin's /v1 API; no inline script or style, no framing, no referrer. */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
};

/**
 * The seller cabinet and partner inbox: a no-build static page (HTML, CSS, ES modules)
 * on top of the public /v1 API. Only the files present in the folder at start are served,
 * by name (no paths), so nothing else on disk can be reached through here.
 */
@ApiExcludeController()
@For('public')
@Controller('app')
export class CabinetController {
  private readonly dir = cabinetPublicDir();
  private readonly files = new Set(existsSync(this.dir) ? readdirSync(this.dir).filter((name) => CONTENT_TYPES[extname(name)] !== undefined) : []);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  index(@Res() reply: FastifyReply) {
    return this.send(reply, 'index.html');
  }

  /** Tells the page whether the development picker may prefill the development operator token. */
  @Get('config.json')
  settings(@Res() reply: FastifyReply) {
    const development = !this.config.isProduction && this.config.operatorToken === DEVELOPMENT_OPERATOR_TOKEN;
    void reply.headers(SECURITY_HEADERS).type('application/json; charset=utf-8').send({ development, picker: !this.config.isProduction });
  }

  @Get(':file')
  file(@Param('file') file: string, @Res() reply: FastifyReply) {
    return this.send(reply, file === '' ? 'index.html' : file);
  }

  private async send(reply: FastifyReply, name: string): Promise<void> {
    if (!this.files.has(name)) throw new NotFoundError('The page');
    const body = await readFile(join(this.dir, name));
    void reply.headers(SECURITY_HEADERS).type(CONTENT_TYPES[extname(name)]!).send(body);
  }
}

@Module({ controllers: [CabinetController] })
export class CabinetModule implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  /** `/app/` (as people type it) goes to `/app`; Nest maps both spellings of the route to `/app` only. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as
      { get?: (path: string, handler: (request: unknown, reply: FastifyReply) => void) => void } | undefined;
    fastify?.get?.('/app/', (_request, reply) => void reply.redirect('/app', 302));
  }
}
