import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { CursorCodec, DomainError, NotFoundError, newId, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isDuplicateKey } from '@app/database';
import { charLength, deleteNameTrigrams, insertNameTrigrams, nameTrigrams } from './name-trigrams.js';
import { PartnerEntity } from './partner.entity.js';
import { PartnerNameTrigramEntity } from './partner-name-trigram.entity.js';
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

/**
 * Catalogue search starts from the postings of the query's rarest trigram when that one has at most
 * this many partners; when every trigram is more common, it walks the catalogue index in name order.
 * Measured at 100k partners: the postings join costs ~3–4 µs a posting (3,000 ≈ 10 ms), the name-order
 * walk ~0.2 µs an entry, 0.3 ms when matches are dense and spread, ~20 ms when they sort late or are
 * absent. Beyond ~3,000 postings the join is no better than the walk's worst case.
 */
export const TRIGRAM_POSTINGS_LIMIT = 3000;

/** The partner catalogue, partner users and partners' notice endpoints. */
@Injectable()
export class PartnersService {
  private readonly cursors: CursorCodec;
  /** See TRIGRAM_POSTINGS_LIMIT; tests set it to force one plan or the other. */
  trigramPostingsLimit = TRIGRAM_POSTINGS_LIMIT;

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
    // The trigram index changes with the name, in the same transaction.
    await this.partners.manager.transaction(async (tx) => {
      await tx.insert(PartnerEntity, partner);
      await insertNameTrigrams(tx, partner.id, partner.name);
    });
    return { ...toView(partner), webhookSecret: partner.webhookSecret };
  }

  async updatePartner(partnerId: string, changes: PartnerChanges): Promise<PartnerView> {
    if (changes.name === undefined) return this.applyChanges(this.partners.manager, partnerId, changes);
    // A rename rewrites the partner's trigrams: lock the row so the old name read here is the one replaced.
    return this.partners.manager.transaction(async (tx) => this.applyChanges(tx, partnerId, changes));
  }

  private async applyChanges(manager: EntityManager, partnerId: string, changes: PartnerChanges): Promise<PartnerView> {
    const renamed = changes.name !== undefined;
    const partner = await manager.findOne(PartnerEntity, { where: { id: partnerId }, ...(renamed && { lock: { mode: 'pessimistic_write' as const } }) });
    if (!partner) throw new NotFoundError('Partner');
    if (changes.name !== undefined && changes.name !== partner.name) {
      await deleteNameTrigrams(manager, partner.id, partner.name);
      await insertNameTrigrams(manager, partner.id, changes.name);
    }
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
    await manager.save(partner);
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

  /**
   * Certified partners whose name contains `query` (case-insensitive, accent-insensitive: the
   * column's collation), by name. Two plans, same answer: for a query of 3+ characters whose
   * rarest trigram is rare enough, only the partners holding that trigram are checked (the
   * LIKE still decides); otherwise the (certified, name, id) index is walked in name order
   * until a page of matches is found, which is quick when matches are dense.
   */
  async searchCatalogue(query: string | undefined, limit: number, cursor: string | undefined): Promise<Page<CataloguePartner>> {
    const after = cursor ? this.cursors.decode('catalogue', cursor) : null;
    const q = query?.trim();
    const builder = this.partners.createQueryBuilder('p');
    const gram = q ? await this.rareTrigram(q) : null;
    if (gram !== null) {
      // USE INDEX (PRIMARY) on partners keeps the planner from walking the catalogue index in
      // name order (the plan this one replaces): it starts from the postings, joins by id.
      builder.useIndex('PRIMARY').innerJoin(PartnerNameTrigramEntity, 't', 't.partner_id = p.id AND t.trigram = :gram', { gram });
    }
    builder.where('p.certified = 1');
    if (q) builder.andWhere('p.name LIKE :pattern', { pattern: likeSubstring(q) });
    if (after) {
      const [name, id] = after;
      builder.andWhere('(p.name > :name OR (p.name = :name AND p.id > :id))', { name, id });
    }
    const rows = await builder.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toCatalogue), nextCursor: rows.length > limit && last ? this.cursors.encode('catalogue', [last.name, last.id]) : null };
  }

  /**
   * The query's trigram with the fewest postings, if that is at most trigramPostingsLimit;
   * null for a query shorter than 3 characters or one made only of common trigrams.
   * One statement; each count stops at the limit, so a common trigram costs a bounded walk.
   */
  private async rareTrigram(q: string): Promise<string | null> {
    const limit = Math.max(0, Math.floor(this.trigramPostingsLimit));
    if (charLength(q) < 3 || limit === 0) return null;
    // About every third window (and the last) covers every part of q, so a rare part still shows up,
    // and a long query costs a third of the look-ups. Any window's postings hold every match.
    const all = nameTrigrams(q);
    const grams = [...new Set([...all.filter((_, i) => i % 3 === 0), all.at(-1)!])];
    const counts: Array<{ i: string | number; n: string | number }> = await this.partners.query(
      grams.map((_, i) => `SELECT ${i} AS i, COUNT(*) AS n FROM (SELECT 1 FROM partner_name_trigrams WHERE trigram = ? LIMIT ${limit + 1}) c${i}`).join(' UNION ALL '),
      grams,
    );
    let best: { gram: string; n: number } | null = null;
    for (const row of counts) {
      const n = Number(row.n);
      if (n <= limit && (best === null || n < best.n)) best = { gram: grams[Number(row.i)]!, n };
    }
    return best?.gram ?? null;
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
