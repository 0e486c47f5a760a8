/**
 * PDF versions of the official documents (文书) and of the reports, drawn with pdfkit and a CJK font embedded
 * (subset) from the system: Noto Serif CJK SC (宋体-like) for the text, its bold face for titles, from the
 * fonts-noto-cjk package (scripts/ensure-system.sh installs it). FENGQIAO_CJK_FONT may name another .ttc/.otf/.ttf
 * (with `#PostScriptName` for one face of a collection). Without a CJK font there is no PDF: the caller gets a
 * clear 503 saying what to install, never a PDF of empty boxes.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { DomainError } from '../domain/errors.ts';
import type { OfficialDoc } from './resolution-documents.ts';
import type { BuiltReport, ReportTable } from './reports.ts';

export const PDF_TYPE = 'application/pdf';

interface Face { path: string; name?: string }
const NOTO = '/usr/share/fonts/opentype/noto';
const REGULAR: Face[] = [
  { path: `${NOTO}/NotoSerifCJK-Regular.ttc`, name: 'NotoSerifCJKsc-Regular' },
  { path: `${NOTO}/NotoSansCJK-Regular.ttc`, name: 'NotoSansCJKsc-Regular' },
];
const BOLD: Face[] = [
  { path: `${NOTO}/NotoSerifCJK-Bold.ttc`, name: 'NotoSerifCJKsc-Bold' },
  { path: `${NOTO}/NotoSansCJK-Bold.ttc`, name: 'NotoSansCJKsc-Bold' },
];

function fromEnv(): Face | undefined {
  const v = process.env.FENGQIAO_CJK_FONT;
  if (!v) return undefined;
  const [path, name] = v.split('#');
  return { path: path!, name: name || undefined };
}

let fonts: { regular: Face & { data: Buffer }; bold: Face & { data: Buffer } } | undefined;

/** The CJK faces, read once. Throws UNAVAILABLE (503) naming the package to install when there is none. */
export function cjkFonts() {
  if (fonts) return fonts;
  const env = fromEnv();
  if (env && !fs.existsSync(env.path)) throw new DomainError('UNAVAILABLE', `FENGQIAO_CJK_FONT 指定的字体文件不存在：${env.path}`);
  const regular = env ?? REGULAR.find((f) => fs.existsSync(f.path));
  if (!regular) {
    throw new DomainError('UNAVAILABLE', '无法生成 PDF：系统中没有中文字体。请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk，scripts/ensure-system.sh 会安装），或用 FENGQIAO_CJK_FONT 指定字体文件');
  }
  const bold = (env ? undefined : BOLD.find((f) => fs.existsSync(f.path))) ?? regular;
  fonts = { regular: { ...regular, data: fs.readFileSync(regular.path) }, bold: { ...bold, data: bold === regular ? fs.readFileSync(regular.path) : fs.readFileSync(bold.path) } };
  return fonts;
}

const MM = 72 / 25.4;

function newDoc(title: string) {
  const f = cjkFonts();
  const doc = new PDFDocument({ size: 'A4', margins: { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM }, info: { Title: title, Creator: 'Fengqiao 枫桥' }, bufferPages: false });
  doc.registerFont('body', f.regular.data, f.regular.name);
  doc.registerFont('bold', f.bold.data, f.bold.name);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

const SIZE = 16; // 三号
const LINE_GAP = 8;

function heading(doc: PDFKit.PDFDocument, text: string, size = 22) {
  doc.font('bold').fontSize(size).text(text, { align: 'center' });
  doc.moveDown(0.6);
}
function paragraph(doc: PDFKit.PDFDocument, text: string, opts: { bold?: boolean; size?: number } = {}) {
  const size = opts.size ?? SIZE;
  doc.font(opts.bold ? 'bold' : 'body').fontSize(size).text(text, { indent: size * 2, lineGap: LINE_GAP, align: 'justify' });
}

/** A 文书 as PDF: title, number, the body line by line, the unit and date signed at the right. */
export async function officialPdf(d: OfficialDoc): Promise<Buffer> {
  const { doc, done } = newDoc(d.title);
  heading(doc, d.title);
  if (d.number) { doc.font('body').fontSize(SIZE).text(d.number, { align: 'center' }); doc.moveDown(0.8); }
  for (const s of d.sections) {
    if (s.heading) paragraph(doc, s.heading, { bold: true });
    for (const p of s.paragraphs) for (const line of p.split(/\r?\n/)) paragraph(doc, line);
  }
  doc.moveDown(1);
  for (const line of d.signature) doc.font('body').fontSize(SIZE).text(line, { align: 'right', lineGap: LINE_GAP });
  doc.end();
  return done;
}

function table(doc: PDFKit.PDFDocument, t: ReportTable) {
  const size = 10.5; // 五号
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const colW = width / t.columns.length;
  const pad = 3;
  const row = (cells: (string | number)[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'body').fontSize(size);
    const h = Math.max(...cells.map((c) => doc.heightOfString(String(c), { width: colW - 2 * pad }))) + 2 * pad;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    cells.forEach((c, i) => {
      doc.rect(left + i * colW, y, colW, h).lineWidth(0.5).stroke();
      doc.text(String(c), left + i * colW + pad, y + pad, { width: colW - 2 * pad });
    });
    doc.x = left;
    doc.y = y + h;
  };
  row(t.columns, true);
  for (const r of t.rows) row(r, false);
  doc.moveDown(0.8);
}

/** The annual report or the monthly bulletin as PDF, in the same structure as the .docx. */
export async function reportPdf(r: BuiltReport): Promise<Buffer> {
  const { doc, done } = newDoc(r.title);
  heading(doc, r.title);
  paragraph(doc, r.intro);
  for (const p of r.parts) {
    doc.moveDown(0.5);
    doc.font('bold').fontSize(SIZE).text(p.heading, { lineGap: LINE_GAP });
    for (const s of p.sections) {
      doc.moveDown(0.3);
      paragraph(doc, s.heading, { bold: true });
      for (const para of s.paragraphs) paragraph(doc, para);
      for (const t of s.tables ?? []) { doc.moveDown(0.3); table(doc, t); }
    }
  }
  doc.end();
  return done;
}
