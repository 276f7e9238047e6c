import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CursorCodec, NotFoundError, isUuid, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { BindingNotice } from './notice.js';
import { SellerNoticeEntity } from './seller-notice.entity.js';

export interface SellerNoticeView {
  id: string;
  type: string;
  bindingId: string;
  partnerId: string;
  createdAt: string;
  readAt: string | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const toNoticeView = (n: SellerNoticeEntity): SellerNoticeView => ({
  id: n.id,
  type: n.type,
  bindingId: n.bindingId,
  partnerId: n.partnerId,
  createdAt: n.createdAt.toISOString(),
  readAt: iso(n.readAt),
});

/**
 * Seller in-app notices (webhooks to every owner are WebhookDeliveries'). Recording runs from jobs
 * and is safe to run twice for one event.
 */
@Injectable()
export class NotificationsService {
  private readonly cursors: CursorCodec;

  constructor(
    @InjectRepository(SellerNoticeEntity) private readonly notices: Repository<SellerNoticeEntity>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  // ---- seller in-app notices ------------------------------------------------------------

  async recordSellerNotice(notice: BindingNotice): Promise<void> {
    await this.notices
      .createQueryBuilder()
      .insert()
      .values({
        id: notice.eventId,
        accountId: notice.binding.accountId,
        type: notice.type,
        bindingId: notice.binding.id,
        partnerId: notice.binding.partnerId,
        createdAt: new Date(notice.occurredAt),
        readAt: null,
      })
      .orIgnore()
      .execute();
  }

  async listSellerNotices(accountId: string, limit: number, cursor?: string): Promise<Page<SellerNoticeView>> {
    const query = this.notices.createQueryBuilder('n').where('n.account_id = :accountId', { accountId });
    if (cursor) {
      const [at, id] = this.cursors.decode('notices', cursor);
      query.andWhere('(n.created_at < :at OR (n.created_at = :at AND n.id < :id))', { at: new Date(String(at)), id });
    }
    const rows = await query
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toNoticeView),
      nextCursor: rows.length > limit && last ? this.cursors.encode('notices', [last.createdAt.toISOString(), last.id]) : null,
    };
  }

  async noticeBelongsTo(noticeId: string, accountId: string): Promise<boolean> {
    return isUuid(noticeId) && (await this.notices.existsBy({ id: noticeId, accountId }));
  }

  async markSellerNoticeRead(accountId: string, noticeId: string): Promise<SellerNoticeView> {
    if (!isUuid(noticeId)) throw new NotFoundError('Notification');
    const notice = await this.notices.findOneBy({ id: noticeId, accountId });
    if (!notice) throw new NotFoundError('Notification');
    if (!notice.readAt) {
      notice.readAt = new Date();
      await this.notices.update({ id: noticeId, accountId }, { readAt: notice.readAt });
    }
    return toNoticeView(notice);
  }
}
