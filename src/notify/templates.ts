/**
 * Message templates in Chinese. `{name}` placeholders; a missing value is an error (a message is never sent with
 * a hole in it). SMS texts carry the 【枫桥信访】 signature that Chinese SMS gateways require and stay short; they
 * never carry personal data or petition content — only codes, dates and where to look.
 */
import { DomainError } from '../domain/errors.ts';

export interface Template { channel: 'sms' | 'email'; subject?: string; body: string }

export const TEMPLATES: Record<string, Template> = {
  'petition.registered': { channel: 'sms', body: '【枫桥信访】您的信访事项已于{date}登记，查询码{queryCode}。可凭查询码和手机号在网上信访平台查询办理进度。' },
  'petition.accepted': { channel: 'sms', body: '【枫桥信访】您的信访事项（查询码{queryCode}）已由{unitName}受理，将在{due}前出具处理意见。' },
  'petition.declined': { channel: 'sms', body: '【枫桥信访】您的信访事项（查询码{queryCode}）不予受理，告知书已发出，可凭查询码查看理由和途径。' },
  'petition.replied': { channel: 'sms', body: '【枫桥信访】您的信访事项（查询码{queryCode}）已出具处理意见，请凭查询码查看并在30日内评价。' },
  'reception.reminder': { channel: 'sms', body: '【枫桥信访】您预约的{date} {slot}领导接访（{place}）将于明天进行，请携带身份证件准时到达。如需取消，请用预约码{code}。' },
  'staff.deadline': {
    channel: 'email', subject: '【枫桥信访】期限提醒：{matterCode}',
    body: '{unitName}：\n\n信访事项 {matterCode} 的{deadlineLabel}期限将于 {due} 届满，请及时办理。\n\n登录平台查看：{link}\n\n（本邮件由枫桥信访工作平台自动发送，请勿回复。）',
  },
  'staff.assigned': {
    channel: 'email', subject: '【枫桥信访】新交办事项：{matterCode}',
    body: '{unitName}：\n\n上级信访部门向你单位交办信访事项 {matterCode}，请于 {due} 前报送办理结果。\n\n登录平台查看：{link}\n\n（本邮件由枫桥信访工作平台自动发送，请勿回复。）',
  },
};

export function render(name: string, vars: Record<string, string | number>): { channel: 'sms' | 'email'; subject: string | null; body: string } {
  const t = TEMPLATES[name];
  if (!t) throw new DomainError('BAD_INPUT', `没有这个通知模板：${name}`);
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_m, k: string) => {
    const v = vars[k];
    if (v === undefined || v === '') throw new DomainError('BAD_INPUT', `通知模板 ${name} 缺少 ${k}`);
    return String(v);
  });
  return { channel: t.channel, subject: t.subject ? fill(t.subject) : null, body: fill(t.body) };
}
