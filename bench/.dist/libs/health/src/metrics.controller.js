var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { register } from 'prom-client';
import { For } from "../../auth/src/index.js";
/** Prometheus text format, for scrapers on the private network (no credentials, no business data). */
let MetricsController = class MetricsController {
    scrape() {
        return register.metrics();
    }
};
__decorate([
    Get(),
    Header('content-type', register.contentType),
    __metadata("design:type", Function),
    __metadata("design:paramtypes", []),
    __metadata("design:returntype", Promise)
], MetricsController.prototype, "scrape", null);
MetricsController = __decorate([
    ApiExcludeController(),
    For('public'),
    Controller('metrics')
], MetricsController);
export { MetricsController };
//# sourceMappingURL=metrics.controller.js.map