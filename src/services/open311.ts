/**
 * Open311 GeoReport v2 (issue 10), mapped onto petitions and the public timeline, so that existing Open311 clients
 * can file and follow requests. What differs from a city's pothole service, and how it is carried:
 *  - Petitions are real-name (信访工作条例): POST needs the petitioner's ID number, given as `attribute[id_number]`
 *    (declared in each service's definition, services/{code}.json), and a phone.
 *  - A request is the petitioner's own: it is looked up by its query code (service_request_id and token are both
 *    the query code, returned at once) and the phone it was filed with (`phone` on GET, an extension). Nobody can
 *    list other people's requests, so GET requests without service_request_id answers an empty list.
 *  - status is open/closed as the standard says (closed: 不予受理, 已终结, 已办结); the platform's own state is in the
 *    extension fields `fq_status` and `fq_status_label`, and the public timeline in `fq_timeline`.
 * Services are the first two levels of the problem-category dictionary.
 */
import crypto from 'node:crypto';
import { CATEGORIES, CATEGORY_BY_CODE } from '../domain/categories.ts';
import { DomainError } from '../domain/errors.ts';
import type { Ctx } from './context.ts';
import { publicProgress, submitOnline } from './public-petitions.ts';

export interface Service { service_code: string; service_name: string; description: string; metadata: boolean; type: 'realtime'; keywords: string; group: string }

export function listServices(): Service[] {
  return CATEGORIES.filter((c) => c.level === 2).map((c) => {
    const parent = c.parentCode ? CATEGORY_BY_CODE.get(c.parentCode) : undefined;
    const leaves = CATEGORIES.filter((l) => l.parentCode === c.code).map((l) => l.name);
    return { service_code: c.code, service_name: c.name, description: `${parent?.name ?? ''} · ${c.name}（${leaves.join('、')}）`, metadata: true, type: 'realtime', keywords: leaves.join(','), group: parent?.name ?? '' };
  });
}

export function serviceDefinition(code: string) {
  const c = CATEGORY_BY_CODE.get(code);
  if (!c || c.level !== 2) throw new DomainError('NOT_FOUND', `没有这个服务：${code}`);
  const leaves = CATEGORIES.filter((l) => l.parentCode === c.code);
  return {
    service_code: c.code,
    attributes: [
      { variable: true, code: 'id_number', datatype: 'string', required: true, datatype_description: '信访人居民身份证号码（实名信访）', order: 1, description: '身份证号码', values: [] as { key: string; name: string }[] },
      { variable: true, code: 'category', datatype: 'singlevaluelist', required: false, datatype_description: '具体问题分类', order: 2, description: '问题分类', values: leaves.map((l) => ({ key: l.code, name: l.name })) },
      { variable: true, code: 'region_code', datatype: 'string', required: false, datatype_description: '问题发生地行政区划代码（6 或 9 位）', order: 3, description: '发生地区划', values: [] as { key: string; name: string }[] },
    ],
  };
}

export interface Open311Post {
  api_key?: string; service_code?: string; description?: string; address_string?: string; first_name?: string; last_name?: string;
  phone?: string; email?: string; lat?: string; long?: string; attribute?: Record<string, string>;
}

export function checkApiKey(given: string | undefined): void {
  const want = process.env.FENGQIAO_OPEN311_API_KEY;
  if (!want) throw new DomainError('FORBIDDEN', '本平台未开通 Open311 提交（未配置 api_key）');
  const a = crypto.createHash('sha256').update(given ?? '').digest();
  const b = crypto.createHash('sha256').update(want).digest();
  if (!crypto.timingSafeEqual(a, b)) throw new DomainError('FORBIDDEN', 'api_key 不正确');
}

export async function postRequest(ctx: Ctx, r: Open311Post) {
  checkApiKey(r.api_key);
  const service = r.service_code ? CATEGORY_BY_CODE.get(r.service_code) : undefined;
  if (!service || service.level !== 2) throw new DomainError('BAD_INPUT', 'service_code 不存在', { field: 'service_code' });
  const description = r.description?.trim();
  if (!description) throw new DomainError('BAD_INPUT', '缺少 description（信访内容）', { field: 'description' });
  const name = `${r.last_name?.trim() ?? ''}${r.first_name?.trim() ?? ''}`;
  if (!name) throw new DomainError('BAD_INPUT', '缺少信访人姓名（last_name / first_name）', { field: 'last_name' });
  const idNumber = r.attribute?.id_number?.trim();
  if (!idNumber) throw new DomainError('BAD_INPUT', '实名信访：缺少 attribute[id_number]', { field: 'attribute[id_number]' });
  if (!r.phone?.trim()) throw new DomainError('BAD_INPUT', '缺少 phone（用于查询办理进度）', { field: 'phone' });
  const leaf = r.attribute?.category;
  const categoryCode = leaf && CATEGORY_BY_CODE.get(leaf)?.parentCode === service.code ? leaf : service.code;
  const regionCode = r.attribute?.region_code && /^\d{6}(\d{3})?$/.test(r.attribute.region_code) ? r.attribute.region_code : undefined;
  const title = `${service.name}：${description.replace(/\s+/g, ' ').slice(0, 40)}`;
  const { queryCode } = await submitOnline(ctx, {
    name, idNumber, phone: r.phone, address: r.address_string?.trim() || undefined, title, content: description, categoryCode, regionCode,
  });
  return [{ service_request_id: queryCode, token: queryCode, service_notice: '已登记。请凭 service_request_id（查询码）与手机号查询办理进度。', account_id: null }];
}

const CLOSED = new Set(['declined', 'terminated', 'closed']);

export async function getRequest(ctx: Ctx, queryCode: string, phone: string | undefined) {
  if (!phone) throw new DomainError('BAD_INPUT', '查询需要提交时的手机号（phone）', { field: 'phone' });
  const p = await publicProgress(ctx, queryCode, phone);
  const last = p.timeline[p.timeline.length - 1];
  const note = [...p.timeline].reverse().find((e) => typeof e.details.text === 'string');
  const cat = await ctx.store.db.selectFrom('petitions').select(['categoryCode', 'address']).where('queryCode', '=', p.queryCode).executeTakeFirst();
  let service = cat?.categoryCode ? CATEGORY_BY_CODE.get(cat.categoryCode) : undefined;
  while (service && service.level > 2 && service.parentCode) service = CATEGORY_BY_CODE.get(service.parentCode);
  return {
    service_request_id: p.queryCode,
    status: CLOSED.has(p.status) ? 'closed' : 'open',
    status_notes: note ? String(note.details.text).slice(0, 500) : p.statusLabel,
    service_name: service?.name ?? '',
    service_code: service?.code ?? '',
    description: p.title,
    agency_responsible: '',
    service_notice: '',
    requested_datetime: p.receivedAt,
    updated_datetime: last?.at ?? p.receivedAt,
    expected_datetime: null as string | null,
    address: cat?.address ?? '',
    address_id: '',
    zipcode: '',
    lat: null as number | null,
    long: null as number | null,
    media_url: '',
    fq_status: p.status,
    fq_status_label: p.statusLabel,
    fq_timeline: p.timeline.map((e) => ({ action: e.action, label: e.label, at: e.at })),
  };
}

// ---- XML (GeoReport v2 shapes: <services><service>…, <service_requests><request>…, <errors><error>…) ----

const escXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function node(name: string, v: unknown): string {
  if (v === null || v === undefined) return `<${name}/>`;
  if (Array.isArray(v)) return `<${name}>${v.map((x) => node(singular(name), x)).join('')}</${name}>`;
  if (typeof v === 'object') return `<${name}>${Object.entries(v as Record<string, unknown>).map(([k, x]) => node(k, x)).join('')}</${name}>`;
  return `<${name}>${escXml(String(v))}</${name}>`;
}
const SINGULAR: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value', fq_timeline: 'event' };
const singular = (n: string) => SINGULAR[n] ?? 'item';

export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>${node(root, value)}`;
}
