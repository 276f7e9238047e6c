var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var __param = (this && this.__param) || function (paramIndex, decorator) {
    return function (target, key) { decorator(target, key, paramIndex); }
};
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Inject, Module, Param, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { For } from "../../../../libs/auth/src/index.js";
import { NotFoundError } from "../../../../libs/common/src/index.js";
import { APP_CONFIG, DEVELOPMENT_OPERATOR_TOKEN } from "../../../../libs/config/src/index.js";
const CONTENT_TYPES = {
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
export function cabinetPublicDir() {
    const candidates = [fileURLToPath(new URL('./public/', import.meta.url)), resolve(process.cwd(), 'apps/api/src/cabinet/public')];
    return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0];
}
/** The page only talks to this origin's /v1 API; no inline script or style, no framing, no referrer. */
const SECURITY_HEADERS = {
    'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
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
let CabinetController = class CabinetController {
    config;
    dir = cabinetPublicDir();
    files = new Set(existsSync(this.dir) ? readdirSync(this.dir).filter((name) => CONTENT_TYPES[extname(name)] !== undefined) : []);
    constructor(config) {
        this.config = config;
    }
    index(reply) {
        return this.send(reply, 'index.html');
    }
    /** Tells the page whether the development picker may prefill the development operator token. */
    settings(reply) {
        const development = !this.config.isProduction && this.config.operatorToken === DEVELOPMENT_OPERATOR_TOKEN;
        void reply.headers(SECURITY_HEADERS).type('application/json; charset=utf-8').send({ development, picker: !this.config.isProduction });
    }
    file(file, reply) {
        return this.send(reply, file === '' ? 'index.html' : file);
    }
    async send(reply, name) {
        if (!this.files.has(name))
            throw new NotFoundError('The page');
        const body = await readFile(join(this.dir, name));
        void reply.headers(SECURITY_HEADERS).type(CONTENT_TYPES[extname(name)]).send(body);
    }
};
__decorate([
    Get(),
    __param(0, Res()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", void 0)
], CabinetController.prototype, "index", null);
__decorate([
    Get('config.json'),
    __param(0, Res()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [Object]),
    __metadata("design:returntype", void 0)
], CabinetController.prototype, "settings", null);
__decorate([
    Get(':file'),
    __param(0, Param('file')),
    __param(1, Res()),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", [String, Object]),
    __metadata("design:returntype", void 0)
], CabinetController.prototype, "file", null);
CabinetController = __decorate([
    ApiExcludeController(),
    For('public'),
    Controller('app'),
    __param(0, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [Object])
], CabinetController);
export { CabinetController };
let CabinetModule = class CabinetModule {
    adapterHost;
    constructor(adapterHost) {
        this.adapterHost = adapterHost;
    }
    /** `/app/` (as people type it) goes to `/app`; Nest maps both spellings of the route to `/app` only. */
    onModuleInit() {
        const fastify = this.adapterHost.httpAdapter?.getInstance?.();
        fastify?.get?.('/app/', (_request, reply) => void reply.redirect('/app', 302));
    }
};
CabinetModule = __decorate([
    Module({ controllers: [CabinetController] }),
    __param(0, Inject(HttpAdapterHost)),
    __metadata("design:paramtypes", [HttpAdapterHost])
], CabinetModule);
export { CabinetModule };
//# sourceMappingURL=cabinet.module.js.map