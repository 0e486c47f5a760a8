/**
 * Personal data at rest (DOMAIN.md §8, PIPL): ID numbers and phones are stored encrypted (AES-256-GCM), matched by
 * a keyed hash (HMAC-SHA-256), and shown masked. The keys live outside the database: in FENGQIAO_KEYS (JSON) or in
 * a key file (default ./data/keys.json, created with mode 0600 on first start).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from './random.ts';

export interface PiiKeys {
  /** key id → 32-byte key, base64; the newest id encrypts, every id decrypts (rotation) */
  enc: Record<string, string>;
  current: string;
  /** the matching key: changing it means re-hashing every row */
  mac: string;
}

export class Pii {
  private readonly encKeys = new Map<string, Buffer>();
  private readonly macKey: Buffer;
  private readonly current: string;

  constructor(keys: PiiKeys) {
    for (const [id, k] of Object.entries(keys.enc)) this.encKeys.set(id, Buffer.from(k, 'base64'));
    this.current = keys.current;
    this.macKey = Buffer.from(keys.mac, 'base64');
    if (this.encKeys.get(this.current)?.length !== 32) throw new Error('PII key: the current encryption key must be 32 bytes');
    if (this.macKey.length < 32) throw new Error('PII key: the matching key must be at least 32 bytes');
  }

  static generateKeys(): PiiKeys {
    return { enc: { k1: crypto.randomBytes(32).toString('base64') }, current: 'k1', mac: crypto.randomBytes(32).toString('base64') };
  }

  /** Reads the key file, creating it (0600) when absent. */
  static fromFile(file: string): Pii {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(Pii.generateKeys(), null, 2), { mode: 0o600 });
    }
    return new Pii(JSON.parse(fs.readFileSync(file, 'utf8')) as PiiKeys);
  }

  /** `keyId:iv.tag.ciphertext` in base64url. */
  encrypt(plain: string): string {
    const key = this.encKeys.get(this.current)!;
    const iv = randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `${this.current}:${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
  }

  decrypt(stored: string): string {
    const [kid, rest] = stored.split(':', 2);
    const key = kid ? this.encKeys.get(kid) : undefined;
    if (!key || !rest) throw new Error('PII: unknown key id');
    const [iv, tag, ct] = rest.split('.');
    const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
    d.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct ?? '', 'base64url')), d.final()]).toString('utf8');
  }

  /** Keyed hash for equality matching: the same person's ID number always hashes alike, and nobody without the key can test guesses. */
  hash(kind: 'id' | 'phone', normalized: string): string {
    return crypto.createHmac('sha256', this.macKey).update(`${kind}:${normalized}`).digest('base64url');
  }
}
