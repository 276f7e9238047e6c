import { Column, PrimaryColumn, type ColumnOptions } from 'typeorm';

/**
 * Column shapes shared by every table, so ids and times are stored one way:
 * UUIDs as ASCII char(36) (binary-safe comparison, a third of utf8mb4's index size),
 * times as DATETIME(3) in UTC (the connection's timezone is 'Z').
 */
export const UuidPrimaryColumn = (name = 'id') => PrimaryColumn({ name, type: 'char', length: 36, charset: 'ascii', collation: 'ascii_bin' });

export const UuidColumn = (name: string, options: Partial<ColumnOptions> = {}) =>
  Column({ name, type: 'char', length: 36, charset: 'ascii', collation: 'ascii_bin', ...options } as ColumnOptions);

export const TimeColumn = (name: string, options: Partial<ColumnOptions> = {}) => Column({ name, type: 'datetime', precision: 3, ...options } as ColumnOptions);
