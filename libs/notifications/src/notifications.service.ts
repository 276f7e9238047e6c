import { Inject, Injectable } from '@nestjs/common';
import { CursorCodec, NotFoundError, isUuid, type Page } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { BindingNotice } from './notice.js';
import { SellerNoticesRepository, type SellerNoticeView } from './seller-notices.repository.js';

export type { SellerNoticeView } from './seller-notices.repository.js';

/**
 * Seller in-app notices (webhooks to every owner are WebhookDeliveries'). Recording runs from jobs
 * and is safe to run twice for one event.
 */
@Injectable()
export class NotificationsService {
  private readonly cursors: CursorCodec;

  constructor(
    @Inject(SellerNoticesRepository) private readonly notices: SellerNoticesRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  // ---- seller in-app notices ------------------------------------------------------------

  recordSellerNotice(notice: BindingNotice): Promise<void> {
    return this.notices.insertIfAbsent({
      id: notice.eventId,
      accountId: notice.binding.accountId,
      type: notice.type,
      bindingId: notice.binding.id,
      partnerId: notice.binding.partnerId,
      createdAt: new Date(notice.occurredAt),
    });
  }

  async listSellerNotices(accountId: string, limit: number, cursor?: string): Promise<Page<SellerNoticeView>> {
    const before = cursor ? this.cursors.decodeTimeKey('notices', cursor) : undefined;
    const rows = await this.notices.list(accountId, limit + 1, before);
    return this.cursors.timeKeyPage('notices', rows, limit, (notice) => notice.createdAt);
  }

  async noticeBelongsTo(noticeId: string, accountId: string): Promise<boolean> {
    return isUuid(noticeId) && (await this.notices.find(accountId, noticeId)) !== null;
  }

  async markSellerNoticeRead(accountId: string, noticeId: string): Promise<SellerNoticeView> {
    if (!isUuid(noticeId)) throw new NotFoundError('Notification');
    const notice = await this.notices.find(accountId, noticeId);
    if (!notice) throw new NotFoundError('Notification');
    if (notice.readAt) return notice;
    const at = new Date();
    // Someone else marked it meanwhile: theirs is the reading that counts.
    if (await this.notices.markRead(accountId, noticeId, at)) return { ...notice, readAt: at.toISOString() };
    return (await this.notices.find(accountId, noticeId)) ?? notice;
  }
}
