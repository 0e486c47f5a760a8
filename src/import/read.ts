/** Reading tabular files: CSV (RFC 4180: quoted fields with commas, quotes and line breaks; UTF-8, BOM tolerated) and .xlsx (exceljs). */
import fs from 'node:fs';
import ExcelJS from 'exceljs';

export interface Table { headers: string[]; rows: string[][] }

export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') out.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); out.push(row); }
  return out;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined ? '' : cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

export async function readTable(file: string, opts: { sheet?: number } = {}): Promise<Table> {
  if (/\.xlsx$/i.test(file)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[(opts.sheet ?? 1) - 1];
    if (!ws) throw new Error(`工作簿中没有第 ${opts.sheet ?? 1} 个工作表`);
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (r) => {
      const vals: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) vals.push(cellText(r.getCell(c).value));
      rows.push(vals);
    });
    const [headers = [], ...rest] = rows;
    return { headers: headers.map((h) => h.trim()), rows: rest };
  }
  if (!/\.csv$/i.test(file)) throw new Error('只支持 .csv 和 .xlsx 文件');
  const [headers = [], ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  return { headers: headers.map((h) => h.trim()), rows };
}
