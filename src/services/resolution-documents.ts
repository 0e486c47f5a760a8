/**
 * The .docx documents of the resolution mechanisms (法律意见书, 调解协议书), built with the `docx` package: a title,
 * a document number, headed sections and a signature block, in 仿宋 body / 黑体 headings as official papers use.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';

export interface DocSection { heading?: string; paragraphs: string[] }
export interface OfficialDoc { title: string; number?: string; sections: DocSection[]; signature: string[] }

const BODY = { font: 'FangSong', size: 32 } as const; // 三号仿宋
const HEAD = { font: 'SimHei', size: 32 } as const;

export async function officialDocx(d: OfficialDoc): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [new TextRun({ text: d.title, font: 'SimSun', size: 44, bold: true })] }),
  ];
  if (d.number) children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 300 }, children: [new TextRun({ text: d.number, ...BODY })] }));
  for (const s of d.sections) {
    if (s.heading) children.push(new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: s.heading, ...HEAD })] }));
    for (const p of s.paragraphs) {
      for (const line of p.split(/\r?\n/)) {
        children.push(new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [new TextRun({ text: line, ...BODY })] }));
      }
    }
  }
  for (const line of d.signature) {
    children.push(new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 200 }, children: [new TextRun({ text: line, ...BODY })] }));
  }
  return Packer.toBuffer(new Document({ creator: 'Fengqiao 枫桥', title: d.title, sections: [{ children }] }));
}

/** 2019年12月31日 from an instant, Asia/Shanghai. */
export function chineseDate(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
