var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
/** A body with no fields: sending any field is a 400 (SPEC §4: unknown body fields). */
export class EmptyBody {
}
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `?limit=&cursor=` on every list (SPEC §5). */
export class PageQuery {
    limit = 20;
    cursor;
}
__decorate([
    ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(100),
    __metadata("design:type", Number)
], PageQuery.prototype, "limit", void 0);
__decorate([
    ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor.' }),
    IsOptional(),
    IsString(),
    MaxLength(1000),
    __metadata("design:type", String)
], PageQuery.prototype, "cursor", void 0);
/** Turns `?status=a,b` into ['a', 'b'] (a repeated parameter is joined first). */
export const CommaSeparated = () => Transform(({ value }) => {
    if (value === undefined)
        return undefined;
    const joined = Array.isArray(value) ? value.join(',') : String(value);
    return joined
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
});
export const StatusSet = (allowed) => IsIn(allowed, { each: true, message: `status must be a comma-separated list of: ${allowed.join(', ')}` });
//# sourceMappingURL=dto.js.map