import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { CursorCodec, DomainError, NotFoundError, newId, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isDuplicateKey } from '@app/database';
import { PartnerEntity } from './partner.entity.js';
import { PartnerUserEntity } from './partner-user.entity.js';
import { validateWebhookUrl } from './webhook-url.js';

export interface PartnerContacts {
  email: string;
  phone: string | null;
  website: string | null;
}

/** A partner as the catalogue shows it to sellers. */
export interface CataloguePartner {
  id: string;
  name: string;
  description: string;
  certified: boolean;
  contacts: PartnerContacts;
  services: string[];
}

/** A partner as the operator sees it. */
export interface PartnerView extends CataloguePartner {
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PartnerUserView {
  id: string;
  email: string;
  name: string;
  partnerId: string;
  active: boolean;
}

export interface NewPartner {
  name: string;
  description?: string;
  certified: boolean;
  contacts: { email: string; phone?: string; website?: string };
  services?: string[];
  webhookUrl?: string;
}

export type PartnerChanges = Partial<Omit<NewPartner, 'webhookUrl'>>;

/** Where and how to tell a partner about an event. */
export interface NoticeEndpoint {
  url: string | null;
  secret: string;
}

const toCatalogue = (p: PartnerEntity): CataloguePartner => ({
  id: p.id,
  name: p.name,
  description: p.description,
  certified: p.certified,
  contacts: { email: p.contactEmail, phone: p.contactPhone, website: p.contactWebsite },
  services: p.services ?? [],
});

const toView = (p: PartnerEntity): PartnerView => ({
  ...toCatalogue(p),
  webhookUrl: p.webhookUrl,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const toUserView = (u: PartnerUserEntity): PartnerUserView => ({ id: u.id, email: u.email, name: u.name, partnerId: u.partnerId, active: Boolean(u.active) });

const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** LIKE treats % and _ as wildcards; a partner called "100%_Digital" must match itself only. */
const likeSubstring = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The partner catalogue, partner users and partners' notice endpoints. */
@Injectable()
export class PartnersService {
  private readonly cursors: CursorCodec;

  constructor(
    @InjectRepository(PartnerEntity) private readonly partners: Repository<PartnerEntity>,
    @InjectRepository(PartnerUserEntity) private readonly users: Repository<PartnerUserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.jwtSecret);
  }

  async createPartner(input: NewPartner): Promise<PartnerView & { webhookSecret: string }> {
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

  async updatePartner(partnerId: string, changes: PartnerChanges): Promise<PartnerView> {
    const partner = await this.partners.findOneBy({ id: partnerId });
    if (!partner) throw new NotFoundError('Partner');
    if (changes.name !== undefined) partner.name = changes.name;
    if (changes.description !== undefined) partner.description = changes.description;
    if (changes.certified !== undefined) partner.certified = changes.certified;
    if (changes.services !== undefined) partner.services = changes.services;
    if (changes.contacts !== undefined) {
      partner.contactEmail = changes.contacts.email;
      partner.contactPhone = changes.contacts.phone ?? null;
      partner.contactWebsite = changes.contacts.website ?? null;
    }
    partner.updatedAt = new Date();
    await this.partners.save(partner);
    return toView(partner);
  }

  async createUser(partnerId: string, input: { email: string; name: string }): Promise<PartnerUserView> {
    if (!(await this.partners.existsBy({ id: partnerId }))) throw new NotFoundError('Partner');
    const user = this.users.create({ id: newId(), partnerId, email: input.email.toLowerCase(), name: input.name, active: true, createdAt: new Date() });
    try {
      await this.users.insert(user);
    } catch (error) {
      if (isDuplicateKey(error)) throw new DomainError('EMAIL_TAKEN', 'A user with this e-mail already exists.');
      throw error;
    }
    return toUserView(user);
  }

  async findUser(userId: string): Promise<PartnerUserView | null> {
    const user = await this.users.findOneBy({ id: userId });
    return user ? toUserView(user) : null;
  }

  /** Partner users of every partner by e-mail, after `after` (the operator's user list, e.g. the cabinet's demo picker). */
  async listUsersAfter(after: { email: string; id: string } | null, limit: number): Promise<PartnerUserView[]> {
    const builder = this.users.createQueryBuilder('u');
    if (after) builder.where('(u.email > :email OR (u.email = :email AND u.id > :id))', after);
    const rows = await builder.orderBy('u.email', 'ASC').addOrderBy('u.id', 'ASC').limit(limit).getMany();
    return rows.map(toUserView);
  }

  async setUserActive(partnerId: string, userId: string, active: boolean): Promise<PartnerUserView> {
    const user = await this.users.findOneBy({ id: userId, partnerId });
    if (!user) throw new NotFoundError('User');
    user.active = active;
    await this.users.update({ id: userId }, { active });
    return toUserView(user);
  }

  /** Certified partners whose name contains `query` (case-insensitive), by name. */
  async searchCatalogue(query: string | undefined, limit: number, cursor: string | undefined): Promise<Page<CataloguePartner>> {
    const builder = this.partners.createQueryBuilder('p').where('p.certified = 1');
    const q = query?.trim();
    if (q) builder.andWhere('p.name LIKE :pattern', { pattern: likeSubstring(q) });
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
  async getCertified(partnerId: string): Promise<CataloguePartner | null> {
    const partner = await this.partners.findOneBy({ id: partnerId, certified: true });
    return partner ? toCatalogue(partner) : null;
  }

  async getPartner(partnerId: string): Promise<PartnerView | null> {
    const partner = await this.partners.findOneBy({ id: partnerId });
    return partner ? toView(partner) : null;
  }

  /** Partners by id whatever their certification (bound partners stay visible to their clients). */
  async getMany(partnerIds: string[]): Promise<Map<string, CataloguePartner>> {
    if (partnerIds.length === 0) return new Map();
    const rows = await this.partners.findBy({ id: In([...new Set(partnerIds)]) });
    return new Map(rows.map((row) => [row.id, toCatalogue(row)]));
  }

  async getNoticeEndpoint(partnerId: string): Promise<NoticeEndpoint | null> {
    const partner = await this.partners.findOne({ where: { id: partnerId }, select: { id: true, webhookUrl: true, webhookSecret: true } });
    return partner ? { url: partner.webhookUrl, secret: partner.webhookSecret } : null;
  }

  async setWebhookUrl(partnerId: string, rawUrl: string): Promise<{ url: string }> {
    const url = await validateWebhookUrl(rawUrl, this.config.webhook.allowHttp);
    const result = await this.partners.update({ id: partnerId }, { webhookUrl: url, updatedAt: new Date() });
    if (!result.affected) throw new NotFoundError('Partner');
    return { url };
  }

  async rotateWebhookSecret(partnerId: string): Promise<{ secret: string }> {
    const secret = newWebhookSecret();
    const result = await this.partners.update({ id: partnerId }, { webhookSecret: secret, updatedAt: new Date() });
    if (!result.affected) throw new NotFoundError('Partner');
    return { secret };
  }
}
