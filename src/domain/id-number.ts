// Resident identity numbers (GB 11643-1999) and phone numbers: validation, normalisation and masking.
// Both are sensitive personal information (PIPL, DOMAIN.md §8): lists show them masked only.
import { isValidDate, shanghaiDate } from './calendar.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** GB 11643-1999 checksum character for the first 17 digits: weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2;
 * S mod 11 → 1,0,X,9,8,7,6,5,4,3,2 (ISO 7064 MOD 11-2). */
export function idChecksumChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idChecksumChar needs exactly 17 digits');
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(s % 11);
}

export type IdCheck =
  | { ok: true; normalized: string /* 18 chars, upper-case X */; regionCode: string /* 6 digits */; birthDate: string /* YYYY-MM-DD */; sex: 'male' | 'female' }
  | { ok: false; code: 'ID_FORMAT' | 'ID_CHECKSUM' | 'ID_BIRTHDATE' | 'ID_REGION'; message: string };

/** GB/T 2260 province-level codes (Taiwan 71, Hong Kong 81, Macao 82 included). Codes below the province are not
 * checked: numbers issued under since-abolished county codes stay valid for life (DOMAIN.md §3). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

function fail(code: 'ID_FORMAT' | 'ID_CHECKSUM' | 'ID_BIRTHDATE' | 'ID_REGION', message: string): IdCheck {
  return { ok: false, code, message };
}

/** Accepts 18-character numbers (checksum verified, lower-case x allowed) and old 15-digit numbers (issued before
 * 1999, birth year 19yy, no checksum: converted to 18 with a computed one). Birth date: a real date, not in the
 * future, not before 1900. Region: only the province is checked, so old address codes are accepted. */
export function checkIdNumber(input: string, today?: string): IdCheck {
  const s = input.trim();
  let normalized: string;
  if (/^\d{17}[\dXx]$/.test(s)) {
    normalized = s.toUpperCase();
    if (idChecksumChar(normalized.slice(0, 17)) !== normalized.charAt(17)) {
      return fail('ID_CHECKSUM', '身份证号校验位错误，请核对号码');
    }
  } else if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    normalized = first17 + idChecksumChar(first17);
  } else {
    return fail('ID_FORMAT', '身份证号格式错误：应为18位（末位可为X）或15位数字');
  }
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;
  if (!isValidDate(birthDate)) return fail('ID_BIRTHDATE', '身份证号中的出生日期不是有效日期');
  const now = today ?? shanghaiDate(new Date());
  if (birthDate < '1900-01-01' || birthDate > now) {
    return fail('ID_BIRTHDATE', '身份证号中的出生日期超出合理范围（1900年以后且不晚于今天）');
  }
  const regionCode = normalized.slice(0, 6);
  if (!PROVINCES.has(regionCode.slice(0, 2))) return fail('ID_REGION', '身份证号前两位不是有效的省级行政区划代码');
  // The 17th character (sequence number's last digit): odd for men, even for women.
  const sex = (normalized.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  return { ok: true, normalized, regionCode, birthDate, sex };
}

/** For lists: first 4 and last 4 kept ('440604199001011234' → '4406**********1234'); 15-digit the same way.
 * Anything too short to keep 8 characters is masked whole, so a malformed value never leaks in full. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 8) return '*'.repeat(s.length);
  return s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4);
}

const MOBILE_RE = /^1[3-9]\d{9}$/;
// Area codes: 010 and 02x have three digits and 8-digit local numbers; the others 0xxx with 7 or 8 digits.
// Local numbers never start with 0 or 1.
const LANDLINE_3_RE = /^(0(?:10|2\d))-?([2-9]\d{7})$/;
const LANDLINE_4_RE = /^(0[3-9]\d{2})-?([2-9]\d{6,7})$/;

function splitPhone(input: string): { area: string; local: string } | { mobile: string } | null {
  let s = input.trim().replace(/[\s()（）]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  if (MOBILE_RE.test(s)) return { mobile: s };
  const m = LANDLINE_3_RE.exec(s) ?? LANDLINE_4_RE.exec(s);
  if (m?.[1] && m[2]) return { area: m[1], local: m[2] };
  return null;
}

/** Mainland phone check: 11-digit mobile starting with 1[3-9] (an optional +86 is dropped), or a landline such as
 * 0757-83331234 / 075783331234. Returns the digits without dash, or null. */
export function normalizePhone(input: string): string | null {
  const p = splitPhone(input);
  if (!p) return null;
  return 'mobile' in p ? p.mobile : p.area + p.local;
}

/** Mobile '13812345678' → '138****5678'; landline '0757-83331234' → '0757-****1234' (area code and last 4 kept).
 * An unrecognised value keeps at most its first 3 and last 4 characters. */
export function maskPhone(phone: string): string {
  const p = splitPhone(phone);
  if (p && 'mobile' in p) return `${p.mobile.slice(0, 3)}****${p.mobile.slice(7)}`;
  if (p) return `${p.area}-${'*'.repeat(p.local.length - 4)}${p.local.slice(-4)}`;
  const s = phone.trim();
  if (s.length <= 7) return '*'.repeat(s.length);
  return s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);
}
