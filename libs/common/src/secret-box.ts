import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An AES-256 key and the id stored beside every value it seals. */
export interface SecretBoxKey {
  readonly id: string;
  readonly key: Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The associated data that ties a sealed value to its row: `<table>.<column>:<row id>`. */
export function rowSecretContext(table: string, column: string, id: string): string {
  return `${table}.${column}:${id}`;
}

/** A stored value that cannot be opened (unknown key, tampered with, or not sealed at all). */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * Seals secrets the service must read back later (webhook signing keys) with AES-256-GCM.
 * A sealed value is `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url parts): the key id says which
 * key opens it, so after a rotation old values stay readable while new ones use the new key.
 * `context` (e.g. the owning row's id) is bound as associated data: a value copied to another
 * row does not open there.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: SecretBoxKey,
    previous: readonly SecretBoxKey[] = [],
  ) {
    this.keys = new Map([...previous, current].map((k) => [k.id, k.key]));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
    return [VERSION, this.current.id, ...parts].join(':');
  }

  open(sealed: string, context: string): string {
    const [version, keyId, iv, tag, ciphertext, ...rest] = sealed.split(':');
    if (version !== VERSION || rest.length > 0 || !keyId || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new SecretBoxError('The stored value is not a sealed secret.');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`The stored value was sealed with key ${keyId}, which is not configured (SECRETS_KEY / SECRETS_PREVIOUS_KEYS).`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('The stored value does not open with its key (altered, or moved from another row).');
    }
  }

  /** True for a value sealed by this scheme (whatever the key). */
  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}:`) && value.split(':').length === 5;
  }

  /** True when the value is sealed with the current key (nothing to do after a rotation). */
  isSealedWithCurrentKey(value: string): boolean {
    return value.startsWith(`${VERSION}:${this.current.id}:`);
  }
}
