/**
 * Reply quality flags before a reply is sent (issue 7): template-only replies and replies that do not address
 * what the petition asked. Pure heuristics over bigrams; each flag says why.
 */
import { features } from './tokenize.ts';

export interface ReplyFlag { code: 'tooShort' | 'templateOnly' | 'offTopic' | 'noMeasure' | 'noBasis'; label: string }

const BOILERPLATE = ['您好', '来信收悉', '感谢您', '高度重视', '进一步加强', '相关部门', '认真研究', '予以关注', '谢谢', '支持与理解', '现答复如下', '网友', '感谢', '关心', '理解和支持'];
const MEASURE = ['已经', '已于', '将于', '安排', '整改', '处理', '维修', '拆除', '办理', '协调', '查处', '解决', '完成', '落实', '调查', '核实'];
const BASIS = ['规定', '条例', '办法', '法律', '政策', '文件', '根据', '依据', '第'];

/** Distinctive bigrams of the petition (those a reply that addresses it will usually repeat). */
function keyTerms(text: string, n = 30): Set<string> {
  const counts = new Map<string, number>();
  for (const f of features(text)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const boiler = new Set(BOILERPLATE.flatMap((b) => features(b)));
  return new Set([...counts.entries()].filter(([w]) => !boiler.has(w)).sort((a, b) => b[1] - a[1]).slice(0, n).map(([w]) => w));
}

export function checkReply(petition: string, reply: string): { flags: ReplyFlag[]; coverage: number; matched: string[] } {
  const flags: ReplyFlag[] = [];
  const plain = reply.replace(/\s+/gu, '');
  if (Array.from(plain).length < 40) flags.push({ code: 'tooShort', label: '答复过短（少于 40 字）' });
  const rf = new Set(features(reply));
  const boilerChars = BOILERPLATE.filter((b) => plain.includes(b)).reduce((s, b) => s + b.length, 0);
  const keys = keyTerms(petition);
  const matched = [...keys].filter((k) => rf.has(k));
  const coverage = keys.size ? matched.length / keys.size : 0;
  if (coverage < 0.1 && boilerChars > 0) flags.push({ code: 'templateOnly', label: '答复以套话为主，未涉及来信的具体内容' });
  else if (coverage < 0.15) flags.push({ code: 'offTopic', label: `答复与来信诉求重合度低（${Math.round(coverage * 100)}%）` });
  if (!MEASURE.some((m) => plain.includes(m))) flags.push({ code: 'noMeasure', label: '未说明办理措施或结果' });
  if (!BASIS.some((m) => plain.includes(m))) flags.push({ code: 'noBasis', label: '未说明政策或法律依据' });
  return { flags, coverage: Math.round(coverage * 1000) / 1000, matched: matched.slice(0, 10) };
}
