// @ts-check
import { randomBytes } from 'node:crypto';

/**
 * `<prefix>_<pid>_<8 hex>`: a database name or queue prefix that no other run on this machine
 * uses, so concurrent runs never see each other's rows or jobs.
 * @param {string} prefix
 * @returns {string}
 */
export function uniqueName(prefix) {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

let serial = 0;

/**
 * A short tag that differs on every call (time, a counter and randomness), for e-mail addresses
 * and names in test data that must not collide with earlier runs against the same database.
 * @returns {string}
 */
export function uniqueTag() {
  return `${Date.now().toString(36)}${(serial++).toString(36)}${randomBytes(2).toString('hex')}`;
}
