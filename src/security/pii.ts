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
  /**
   * 'aes' (default): AES-256-GCM, matching by HMAC-SHA-256. 'sm': the national algorithms — SM4-CBC with an
   * HMAC-SM3 tag over IV and ciphertext (encrypt-then-MAC, using the second half of the key), matching by
   * HMAC-SM3. Decryption follows what each stored value says it is, so a deployment can switch for new writes.
   */
  algorithm?: 'aes' | 'sm';
}

export class Pii {
  private readonly encKeys = new Map<string, Buffer>();
  private readonly macKey: Buffer;
  private readonly current: string;
  readonly algorithm: 'aes' | 'sm';

  constructor(readonly keys: PiiKeys) {
    this.algorithm = keys.algorithm ?? 'aes';
    for (const [id, k] of Object.entries(keys.enc)) this.encKeys.set(id, Buffer.from(k, 'base64'));
    this.current = keys.current;
    this.macKey = Buffer.from(keys.mac, 'base64');
    if (this.encKeys.get(this.current)?.length !== 32) throw new Error('PII key: the current encryption key must be 32 bytes');
    if (this.macKey.length < 32) throw new Error('PII key: the matching key must be at least 32 bytes');
  }

  static generateKeys(algorithm: 'aes' | 'sm' = 'aes'): PiiKeys {
    return { enc: { k1: crypto.randomBytes(32).toString('base64') }, current: 'k1', mac: crypto.randomBytes(32).toString('base64'), algorithm };
  }

  /** Reads the key file, creating it (0600) when absent. */
  static fromFile(file: string, algorithm?: 'aes' | 'sm'): Pii {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(Pii.generateKeys(algorithm), null, 2), { mode: 0o600 });
    }
    return new Pii(JSON.parse(fs.readFileSync(file, 'utf8')) as PiiKeys);
  }

  /** The key id this value was encrypted with (rotation re-encrypts values whose id is not the current one). */
  keyIdOf(stored: string): string {
    return stored.split(':', 1)[0] ?? '';
  }

  get currentKeyId(): string {
    return this.current;
  }

  /** AES: `keyId:iv.tag.ciphertext`; SM: `keyId:sm4:iv.mac.ciphertext` (base64url parts). */
  encrypt(plain: string): string {
    const key = this.encKeys.get(this.current)!;
    if (this.algorithm === 'sm') {
      const iv = randomBytes(16);
      const c = crypto.createCipheriv('sm4-cbc', key.subarray(0, 16), iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      const mac = crypto.createHmac('sm3', key.subarray(16)).update(iv).update(ct).digest();
      return `${this.current}:sm4:${iv.toString('base64url')}.${mac.toString('base64url')}.${ct.toString('base64url')}`;
    }
    const iv = randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `${this.current}:${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
  }

  decrypt(stored: string): string {
    const parts = stored.split(':');
    const key = parts[0] ? this.encKeys.get(parts[0]) : undefined;
    if (!key || parts.length < 2) throw new Error('PII: unknown key id');
    if (parts[1] === 'sm4') {
      const [iv, mac, ct] = (parts[2] ?? '').split('.').map((x) => Buffer.from(x, 'base64url'));
      const expect = crypto.createHmac('sm3', key.subarray(16)).update(iv!).update(ct!).digest();
      if (!mac || mac.length !== expect.length || !crypto.timingSafeEqual(mac, expect)) throw new Error('PII: SM3 tag does not match');
      const d = crypto.createDecipheriv('sm4-cbc', key.subarray(0, 16), iv!);
      return Buffer.concat([d.update(ct!), d.final()]).toString('utf8');
    }
    const [iv, tag, ct] = (parts[1] ?? '').split('.');
    const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv ?? '', 'base64url'));
    d.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct ?? '', 'base64url')), d.final()]).toString('utf8');
  }

  /** Keyed hash for equality matching: the same person's ID number always hashes alike, and nobody without the key can test guesses. */
  hash(kind: 'id' | 'phone', normalized: string): string {
    return crypto.createHmac(this.algorithm === 'sm' ? 'sm3' : 'sha256', this.macKey).update(`${kind}:${normalized}`).digest('base64url');
  }

  /** A new encryption key becomes current; the old ones stay for decryption until every value is re-encrypted. */
  static rotated(keys: PiiKeys): PiiKeys {
    const next = `k${Object.keys(keys.enc).length + 1}`;
    return { ...keys, enc: { ...keys.enc, [next]: crypto.randomBytes(32).toString('base64') }, current: next };
  }

  static writeFile(file: string, keys: PiiKeys): void {
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(keys, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
}
