import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { BindingsRepository, type BindingOwner } from './bindings.repository.js';

export const AUDIT_FORMATS = ['jsonl', 'csv'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export const AUDIT_CONTENT_TYPES: Readonly<Record<AuditFormat, string>> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

/** One exported event: the audit trail's event plus the binding's owners (so a partner's export says which account). */
export interface AuditRecord {
  id: string;
  bindingId: string;
  accountId: string;
  partnerId: string;
  type: string;
  actorId: string | null;
  actorKind: string;
  fromStatus: string | null;
  toStatus: string;
  at: string;
  data: Record<string, unknown> | null;
}

/** CSV columns, in order; `data` is its JSON text (so a hostile reason can never start a spreadsheet formula). */
export const AUDIT_CSV_COLUMNS = ['id', 'bindingId', 'accountId', 'partnerId', 'type', 'actorKind', 'actorId', 'fromStatus', 'toStatus', 'at', 'data'] as const;

/** Where a keyset read goes on from: the last event sent. */
export interface AuditPosition {
  at: Date;
  id: string;
}

export interface AuditExportOptions {
  /** Rows per keyset read (default 1000). */
  pageSize?: number;
  /** Called after each page is read (the tests and the benchmark count reads). */
  onPage?: (rows: number) => void;
}

const DEFAULT_PAGE_SIZE = 1000;

/** One CSV field, RFC 4180: quoted (quotes doubled) when it holds a comma, a quote, CR or LF. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: ReadonlyArray<string | null>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function formatRecord(record: AuditRecord, format: AuditFormat): string {
  if (format === 'jsonl') return `${JSON.stringify(record)}\n`;
  return csvLine(AUDIT_CSV_COLUMNS.map((column) => (column === 'data' ? (record.data === null ? null : JSON.stringify(record.data)) : record[column])));
}

/**
 * Pulls one page of events at a time, only when the consumer has room for more: `_read` is
 * called again only once what was pushed has drained to the client (backpressure), so at most
 * one page is in memory. Destroyed (the client went away), it reads no further page.
 */
class AuditEventStream extends Readable {
  private position: AuditPosition | null = null;
  private reading = false;
  private ended = false;

  constructor(
    private readonly readPage: (after: AuditPosition | null) => Promise<AuditRecord[]>,
    private readonly format: AuditFormat,
    private readonly pageSize: number,
    private readonly onPage?: (rows: number) => void,
  ) {
    super({ highWaterMark: 64 * 1024 });
    if (format === 'csv') this.push(csvLine(AUDIT_CSV_COLUMNS));
  }

  /** Reads and pushes the first page before anything is answered, so an outage is still a clean 503. */
  async start(): Promise<this> {
    this.reading = true;
    try {
      await this.step();
    } finally {
      this.reading = false;
    }
    return this;
  }

  override _read(): void {
    if (this.reading || this.ended) return;
    this.reading = true;
    this.pump().catch((error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))));
  }

  private async pump(): Promise<void> {
    try {
      while (!this.destroyed && !this.ended && (await this.step()));
    } finally {
      this.reading = false;
    }
  }

  /** One page: read, pushed; true when the consumer has room for another one now. */
  private async step(): Promise<boolean> {
    const rows = await this.readPage(this.position);
    this.onPage?.(rows.length);
    if (this.destroyed) return false;
    const last = rows.at(-1);
    if (last) this.position = { at: new Date(last.at), id: last.id };
    const chunk = rows.map((record) => formatRecord(record, this.format)).join('');
    if (rows.length < this.pageSize) {
      this.ended = true;
      if (chunk) this.push(chunk);
      this.push(null);
      return false;
    }
    return this.push(chunk); // false: the client has enough for now, _read asks again when it drains
  }
}

/** The events of an account's (or a partner's) bindings, oldest first, as a stream of JSON lines or CSV. */
@Injectable()
export class AuditExportService {
  constructor(@Inject(BindingsRepository) private readonly bindings: BindingsRepository) {}

  /** `from` inclusive, `to` exclusive; either may be absent. The first page is read before this resolves. */
  open(owner: BindingOwner, range: { from?: Date; to?: Date }, format: AuditFormat, options: AuditExportOptions = {}): Promise<Readable> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const readPage = (after: AuditPosition | null) => this.bindings.auditPage(owner, range, after, pageSize);
    return new AuditEventStream(readPage, format, pageSize, options.onPage).start();
  }
}
