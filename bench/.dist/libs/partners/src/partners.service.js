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
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { CursorCodec, DomainError, NotFoundError, newId } from "../../common/src/index.js";
import { APP_CONFIG } from "../../config/src/index.js";
import { isDuplicateKey } from "../../database/src/index.js";
import { PartnerEntity } from './partner.entity.js';
import { PartnerUserEntity } from './partner-user.entity.js';
import { validateWebhookUrl } from './webhook-url.js';
const toCatalogue = (p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    certified: p.certified,
    contacts: { email: p.contactEmail, phone: p.contactPhone, website: p.contactWebsite },
    services: p.services ?? [],
});
const toView = (p) => ({
    ...toCatalogue(p),
    webhookUrl: p.webhookUrl,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
});
const toUserView = (u) => ({ id: u.id, email: u.email, name: u.name, partnerId: u.partnerId, active: Boolean(u.active) });
const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
/** LIKE treats % and _ as wildcards; a partner called "100%_Digital" must match itself only. */
const likeSubstring = (q) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** The partner catalogue, partner users and partners' notice endpoints. */
let PartnersService = class PartnersService {
    partners;
    users;
    config;
    cursors;
    constructor(partners, users, config) {
        this.partners = partners;
        this.users = users;
        this.config = config;
        this.cursors = new CursorCodec(config.jwtSecret);
    }
    async createPartner(input) {
        const webhookUrl = input.webhookUrl === undefined ? null : await validateWebhookUrl(input.webhookUrl, this.config.webhook.allowHttp, 'webhookUrl');
        const now = new Date();
        const partner = this.partners.create({
            id: newId(),
            name: input.name,
            description: input.description ?? '',
            certified: input.certified,
            contactEmail: input.contacts.email,
            contactPhone: input.contacts.phone ?? null,
            contactWebsite: input.contacts.website ?? null,
            services: input.services ?? [],
            webhookUrl,
            webhookSecret: newWebhookSecret(),
            createdAt: now,
            updatedAt: now,
        });
        await this.partners.insert(partner);
        return { ...toView(partner), webhookSecret: partner.webhookSecret };
    }
    async updatePartner(partnerId, changes) {
        const partner = await this.partners.findOneBy({ id: partnerId });
        if (!partner)
            throw new NotFoundError('Partner');
        if (changes.name !== undefined)
            partner.name = changes.name;
        if (changes.description !== undefined)
            partner.description = changes.description;
        if (changes.certified !== undefined)
            partner.certified = changes.certified;
        if (changes.services !== undefined)
            partner.services = changes.services;
        if (changes.contacts !== undefined) {
            partner.contactEmail = changes.contacts.email;
            partner.contactPhone = changes.contacts.phone ?? null;
            partner.contactWebsite = changes.contacts.website ?? null;
        }
        partner.updatedAt = new Date();
        await this.partners.save(partner);
        return toView(partner);
    }
    async createUser(partnerId, input) {
        if (!(await this.partners.existsBy({ id: partnerId })))
            throw new NotFoundError('Partner');
        const user = this.users.create({ id: newId(), partnerId, email: input.email.toLowerCase(), name: input.name, active: true, createdAt: new Date() });
        try {
            await this.users.insert(user);
        }
        catch (error) {
            if (isDuplicateKey(error))
                throw new DomainError('EMAIL_TAKEN', 'A user with this e-mail already exists.');
            throw error;
        }
        return toUserView(user);
    }
    async findUser(userId) {
        const user = await this.users.findOneBy({ id: userId });
        return user ? toUserView(user) : null;
    }
    /** Partner users of every partner by e-mail, after `after` (the operator's user list, e.g. the cabinet's demo picker). */
    async listUsersAfter(after, limit) {
        const builder = this.users.createQueryBuilder('u');
        if (after)
            builder.where('(u.email > :email OR (u.email = :email AND u.id > :id))', after);
        const rows = await builder.orderBy('u.email', 'ASC').addOrderBy('u.id', 'ASC').limit(limit).getMany();
        return rows.map(toUserView);
    }
    async setUserActive(partnerId, userId, active) {
        const user = await this.users.findOneBy({ id: userId, partnerId });
        if (!user)
            throw new NotFoundError('User');
        user.active = active;
        await this.users.update({ id: userId }, { active });
        return toUserView(user);
    }
    /** Certified partners whose name contains `query` (case-insensitive), by name. */
    async searchCatalogue(query, limit, cursor) {
        const builder = this.partners.createQueryBuilder('p').where('p.certified = 1');
        const q = query?.trim();
        if (q)
            builder.andWhere('p.name LIKE :pattern', { pattern: likeSubstring(q) });
        if (cursor) {
            const [name, id] = this.cursors.decode('catalogue', cursor);
            builder.andWhere('(p.name > :name OR (p.name = :name AND p.id > :id))', { name, id });
        }
        const rows = await builder.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').limit(limit + 1).getMany();
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        return { items: page.map(toCatalogue), nextCursor: rows.length > limit && last ? this.cursors.encode('catalogue', [last.name, last.id]) : null };
    }
    /** One certified partner, or null (a decertified partner is not in the catalogue). */
    async getCertified(partnerId) {
        const partner = await this.partners.findOneBy({ id: partnerId, certified: true });
        return partner ? toCatalogue(partner) : null;
    }
    async getPartner(partnerId) {
        const partner = await this.partners.findOneBy({ id: partnerId });
        return partner ? toView(partner) : null;
    }
    /** Partners by id whatever their certification (bound partners stay visible to their clients). */
    async getMany(partnerIds) {
        if (partnerIds.length === 0)
            return new Map();
        const rows = await this.partners.findBy({ id: In([...new Set(partnerIds)]) });
        return new Map(rows.map((row) => [row.id, toCatalogue(row)]));
    }
    async getNoticeEndpoint(partnerId) {
        const partner = await this.partners.findOne({ where: { id: partnerId }, select: { id: true, webhookUrl: true, webhookSecret: true } });
        return partner ? { url: partner.webhookUrl, secret: partner.webhookSecret } : null;
    }
    async setWebhookUrl(partnerId, rawUrl) {
        const url = await validateWebhookUrl(rawUrl, this.config.webhook.allowHttp);
        const result = await this.partners.update({ id: partnerId }, { webhookUrl: url, updatedAt: new Date() });
        if (!result.affected)
            throw new NotFoundError('Partner');
        return { url };
    }
    async rotateWebhookSecret(partnerId) {
        const secret = newWebhookSecret();
        const result = await this.partners.update({ id: partnerId }, { webhookSecret: secret, updatedAt: new Date() });
        if (!result.affected)
            throw new NotFoundError('Partner');
        return { secret };
    }
};
PartnersService = __decorate([
    Injectable(),
    __param(0, InjectRepository(PartnerEntity)),
    __param(1, InjectRepository(PartnerUserEntity)),
    __param(2, Inject(APP_CONFIG)),
    __metadata("design:paramtypes", [Repository,
        Repository, Object])
], PartnersService);
export { PartnersService };
//# sourceMappingURL=partners.service.js.map