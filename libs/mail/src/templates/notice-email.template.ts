import type { NoticeType } from '@app/notifications';

/** Everything a notice e-mail says, resolved by the sender when the e-mail goes out. */
export interface NoticeEmailContext {
  /** Who reads it: an administrator of the seller account, or the partner's contact address. */
  audience: 'seller' | 'partner';
  type: NoticeType;
  recipientName: string | null;
  accountName: string;
  partnerName: string;
  /** The person who caused the event (null for the system, e.g. an expiry, or when unknown). */
  actorName: string | null;
  declineReason: string | null;
  terminationReason: string | null;
  /** What the binding grants the partner now. */
  scopes: readonly string[];
  expiresAt: string;
  /** The end of a fixed term (null: open-ended). */
  endsAt: string | null;
  occurredAt: string;
  /** Where the reader acts on it (built from PUBLIC_BASE_URL). */
  link: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface Content {
  subject: string;
  /** Paragraphs of plain text (escaped for HTML when rendered). */
  paragraphs: string[];
  action: string;
  why: string;
}

/** "2026-05-01 14:03 UTC": unambiguous for readers in any time zone. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function sellerContent(c: NoticeEmailContext): Content {
  const why = `You get this e-mail because you are an administrator of ${c.accountName}.`;
  const action = 'Open the binding';
  switch (c.type) {
    case 'binding.requested':
      return {
        subject: `Binding request sent to ${c.partnerName}`,
        paragraphs: [
          `${c.actorName ?? 'An administrator'} asked ${c.partnerName} to become a helpful contact of ${c.accountName}.`,
          `The partner has until ${formatTime(c.expiresAt)} to confirm or decline; you will hear which.`,
        ],
        action,
        why,
      };
    case 'binding.confirmed':
      return {
        subject: `${c.partnerName} confirmed: now a helpful contact of ${c.accountName}`,
        paragraphs: [
          `${c.partnerName} confirmed the binding request${c.actorName ? ` (${c.actorName})` : ''}.`,
          `It now appears in Helpful Contacts, and an administrator can cancel the binding at any time.`,
        ],
        action,
        why,
      };
    case 'binding.declined':
      return {
        subject: `${c.partnerName} declined the binding request`,
        paragraphs: [
          `${c.partnerName} declined the request to become a helpful contact of ${c.accountName}${c.actorName ? ` (${c.actorName})` : ''}.`,
          c.declineReason ? `Their reason: "${c.declineReason}"` : 'They gave no reason.',
          'An administrator can send a new request once you have agreed the terms.',
        ],
        action,
        why,
      };
    case 'binding.expired':
      return {
        subject: `Binding request to ${c.partnerName} expired`,
        paragraphs: [
          `${c.partnerName} did not answer the binding request by ${formatTime(c.expiresAt)}, so it expired.`,
          'An administrator can send a new request.',
        ],
        action,
        why,
      };
    case 'binding.cancelled':
      return {
        subject: `Binding with ${c.partnerName} cancelled`,
        paragraphs: [
          `${c.actorName ?? 'An administrator'} cancelled the binding between ${c.accountName} and ${c.partnerName}.`,
          `${c.partnerName} has been told and is no longer one of your helpful contacts.`,
        ],
        action,
        why,
      };
    case 'binding.terminated':
    case 'binding.scopes_narrowed':
      return { ...accessContent(c), action, why };
    case 'partner.decertified':
      return {
        subject: `${c.partnerName} is no longer a certified partner`,
        paragraphs: [
          `The marketplace withdrew the certification of ${c.partnerName}, which has a binding with ${c.accountName}.`,
          'The binding stays as it is; an administrator may review it and cancel it.',
        ],
        action,
        why,
      };
    case 'binding.ended':
    case 'binding.extended':
    case 'binding.ending_soon':
    case 'binding.request_expiring':
      return { ...termContent(c, 'your helpful contact'), action, why };
  }
}

/** What the seller is told when the partner's access changes: it ended it, or an administrator narrowed it. */
function accessContent(c: NoticeEmailContext): Pick<Content, 'subject' | 'paragraphs'> {
  switch (c.type) {
    case 'binding.terminated':
      return {
        subject: `${c.partnerName} ended the binding with ${c.accountName}`,
        paragraphs: [
          `${c.partnerName} ended its binding with ${c.accountName}${c.actorName ? ` (${c.actorName})` : ''} and no longer has access to the account.`,
          c.terminationReason ? `Their reason: "${c.terminationReason}"` : 'They gave no reason.',
          'It is no longer one of your helpful contacts; an administrator can send a new request once you have agreed new terms.',
        ],
      };
    default:
      return {
        subject: `Access of ${c.partnerName} narrowed`,
        paragraphs: [
          `${c.actorName ?? 'An administrator'} narrowed what ${c.partnerName} may do on ${c.accountName}.`,
          `From now on the binding grants: ${c.scopes.join(', ')}. ${c.partnerName} has been told; widening it takes a new request.`,
        ],
      };
  }
}

/** Fixed terms and reminders read the same to both sides, bar who the other one is. */
function termContent(c: NoticeEmailContext, other: string): Pick<Content, 'subject' | 'paragraphs'> {
  const end = c.endsAt ? formatTime(c.endsAt) : 'no fixed date';
  switch (c.type) {
    case 'binding.ended':
      return {
        subject: `Binding between ${c.accountName} and ${c.partnerName} ended`,
        paragraphs: [`The fixed term of the binding between ${c.accountName} and ${c.partnerName} ended at ${end}.`, 'A new binding takes a new request.'],
      };
    case 'binding.extended':
      return {
        subject: `Binding between ${c.accountName} and ${c.partnerName} extended`,
        paragraphs: [c.endsAt ? `The binding now ends at ${end}.` : 'The binding is now open-ended.', `Nothing changes for ${other} until then.`],
      };
    case 'binding.ending_soon':
      return {
        subject: `Binding between ${c.accountName} and ${c.partnerName} ends at ${end}`,
        paragraphs: [
          `The binding between ${c.accountName} and ${c.partnerName} ends at ${end}.`,
          `An administrator of ${c.accountName} can extend it before then.`,
        ],
      };
    default:
      return {
        subject: `The request from ${c.accountName} expires at ${formatTime(c.expiresAt)}`,
        paragraphs: [
          `${c.accountName} is still waiting for ${c.partnerName} to confirm or decline its binding request.`,
          `It expires at ${formatTime(c.expiresAt)}.`,
        ],
      };
  }
}

function partnerContent(c: NoticeEmailContext): Content {
  const why = `You get this e-mail because it is ${c.partnerName}'s contact address in the partner catalogue.`;
  switch (c.type) {
    case 'binding.requested':
      return {
        subject: `${c.accountName} asks to bind ${c.partnerName} to its seller account`,
        paragraphs: [
          `${c.actorName ? `${c.actorName} of ${c.accountName}` : c.accountName} asked to bind ${c.partnerName} to their seller account as a helpful contact.`,
          `Please confirm or decline by ${formatTime(c.expiresAt)}; after that the request expires.`,
        ],
        action: 'Answer the request',
        why,
      };
    case 'binding.ending_soon':
    case 'binding.request_expiring':
      return { ...termContent(c, 'you'), action: 'Open the request', why };
    default:
      // Partners are e-mailed about new requests and reminders only; their webhook tells them the rest.
      throw new Error(`No partner e-mail for ${c.type}`);
  }
}

/** Subject, plain text and HTML of one notice e-mail. */
export function renderNoticeEmail(context: NoticeEmailContext): RenderedEmail {
  const content = context.audience === 'seller' ? sellerContent(context) : partnerContent(context);
  const greeting = context.recipientName ? `Hello ${context.recipientName},` : 'Hello,';

  const text = [greeting, '', ...content.paragraphs.flatMap((p) => [p, '']), `${content.action}: ${context.link}`, '', '-- ', content.why, ''].join('\n');

  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family: -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: #1f2328; line-height: 1.5; max-width: 560px; margin: 0 auto; padding: 24px;">
<p>${escapeHtml(greeting)}</p>
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(context.link)}" style="display: inline-block; padding: 10px 18px; background: #005bff; color: #ffffff; border-radius: 6px; text-decoration: none;">${escapeHtml(content.action)}</a></p>
<p style="font-size: 12px; color: #656d76;">${escapeHtml(content.why)}</p>
</body>
</html>
`;
  return { subject: content.subject, text, html };
}

/** Where an e-mail sends its reader: the binding in the seller's UI, or the request in the partner's. */
export function noticeLink(publicBaseUrl: string, audience: 'seller' | 'partner', binding: { id: string; accountId: string }): string {
  return audience === 'seller'
    ? `${publicBaseUrl}/accounts/${encodeURIComponent(binding.accountId)}/bindings/${encodeURIComponent(binding.id)}`
    : `${publicBaseUrl}/partner/requests/${encodeURIComponent(binding.id)}`;
}
