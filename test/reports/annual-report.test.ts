/**
 * The foshan-2019 scenario recorded through the services, then the annual report generated as .docx and read back
 * (jszip → word/document.xml): the seed report's figures appear. Then records change and the figures change with
 * them — the report code knows no numbers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { buildAnnualReport, buildMonthlyBulletin, reportDocx, reportXlsx } from '../../src/services/reports.ts';
import { loadFoshan2019 } from '../../src/services/scenario-foshan-2019.ts';
import { resolveLeaderCase } from '../../src/services/leader-cases.ts';
import { recordSocialWorkBatch } from '../../src/services/social-work.ts';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';
import { DEMO_PASSWORD } from '../../src/services/auth.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReportCommand } from '../../src/services/report-commands.ts';
import { pdfText } from '../helpers/pdf.ts';

async function docxText(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<w:p[ >][^]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
}

for (const dialect of DIALECTS) {
  describe(`annual report from the foshan-2019 scenario (${dialect})`, () => {
    let p: Platform;
    before(async () => {
      p = await platform(dialect, { now: '2019-12-31T04:00:00Z' });
      await loadFoshan2019(p.ctx);
    });
    after(async () => p?.close());

    test('the generated .docx carries the seed report\'s figures in its structure', async () => {
      const text = await docxText(await reportDocx(await buildAnnualReport(p.ctx, { year: 2019 })));
      for (const heading of ['佛山市信访局2019年度法治政府建设工作报告', '一、依法全面履行政府职能情况', '二、依法有效化解社会矛盾纠纷情况', '三、下一步工作设想']) {
        assert.ok(text.includes(heading), heading);
      }
      const figures = [
        '领导包案总数 172 件，已办结 141 件，办结进度是 81.98%',
        '市领导包案 13 件，办结 11 件，办结率 84.62%',
        '区领导、市直部门主要负责人包案 89 件，办结 76 件，办结率 85.39%',
        '区直部门主要负责人包案 70 件，办结 54 件，办结率 77.14%',
        '共 88 宗案件',
        '已完成 56 场听证评议会，其中听证会 38 场，评议会 18 场，通过听证评议而最终息诉息访的有 36 宗，占比 64.3%',
        '共召开 8 场信访听证会议',
        '禅城区 2 场', '南海区 2 场', '顺德区 1 场', '高明区 1 场', '三水区 2 场',
        '回收有效率为 75.27%', '整体满意度是 83.2%', '意见建议 130 条',
        '766 批 2647 人次', '疏导、安抚来访群众 474 人次', '成功化解信访事项 7 宗',
        '接待来访群众共 3000 人次', '填写登记表 1000 份', '“诉访分离”共 2200 人次',
        '信访志愿者 35 位',
      ];
      for (const f of figures) assert.ok(text.includes(f), `missing: ${f}`);
      // a section without records says so
      assert.match(text, /人民调解：本年度平台无相关记录，暂无数据。/);
    });

    test('`report annual --out FILE.pdf` writes a PDF whose text carries the title, the headings and the figures', async () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fq-report-')), 'report.pdf');
      // the command prints its result line; in a test file's process stdout carries the runner's own messages, and
      // a write in the middle of one broke them once ("Unable to deserialize cloned data"), so it prints nowhere here
      const print = console.log;
      const lines: unknown[][] = [];
      console.log = (...a: unknown[]) => { lines.push(a); };
      try {
        assert.equal(await runReportCommand(p.ctx, 'report', 'annual', ['--year', '2019', '--out', out]), 0);
      } finally { console.log = print; }
      assert.match(String(lines[0]?.[0]), /报告 → .*report\.pdf$/);
      const buf = fs.readFileSync(out);
      assert.equal(buf.subarray(0, 5).toString(), '%PDF-');
      const text = (await pdfText(buf)).replace(/\n/g, '');
      for (const f of ['佛山市信访局2019年度法治政府建设工作报告', '一、依法全面履行政府职能情况', '三、下一步工作设想', '81.98%', '84.62%', '85.39%', '77.14%', '75.27%']) {
        assert.ok(text.includes(f), `missing: ${f}`);
      }
      fs.rmSync(path.dirname(out), { recursive: true });
    });

    test('changing records changes the report', async () => {
      const handler = { userId: p.userId('city.handler'), unitId: p.unitId('city.bureau'), roles: ['handler', 'leader'] as const };
      const open = await p.store.db.selectFrom('leaderCases').select('id').where('level', '=', 'city').where('resolvedAt', 'is', null).orderBy('id').executeTakeFirstOrThrow();
      await resolveLeaderCase(p.ctx, { ...handler, roles: [...handler.roles] }, Number(open.id), { at: '2019-11-27T10:00:00+08:00' });
      await recordSocialWorkBatch(p.ctx, { ...handler, roles: [...handler.roles] }, { at: '2019-11-27T10:00:00+08:00', workers: ['社工丙'], personTimes: 2, soothed: 1 });
      const text = await docxText(await reportDocx(await buildAnnualReport(p.ctx, { year: 2019 })));
      assert.ok(text.includes('领导包案总数 172 件，已办结 142 件，办结进度是 82.56%'));
      assert.ok(text.includes('市领导包案 13 件，办结 12 件，办结率 92.31%'));
      assert.ok(text.includes('767 批 2649 人次'));
      assert.ok(!text.includes('81.98%'));
    });

    test('every table exports to Excel, and the API serves the report and the monthly bulletin', async () => {
      const built = await buildAnnualReport(p.ctx, { year: 2019 });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await reportXlsx(built) as never);
      assert.equal(wb.worksheets.length, built.tables.length);
      const leaders = wb.getWorksheet('领导包案')!;
      assert.equal(leaders.getRow(2).getCell(1).value, '市领导');
      const bulletin = await docxText(await reportDocx(await buildMonthlyBulletin(p.ctx, { month: '2019-05' })));
      assert.match(bulletin, /信访工作月度通报（2019年5月）/);
      const login = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'city.leader', password: DEMO_PASSWORD } });
      const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
      const r = await p.app.inject({ method: 'GET', url: '/api/v1/reports/annual?year=2019', headers });
      assert.equal(r.statusCode, 200);
      assert.ok((await docxText(r.rawPayload)).includes('领导包案总数 172 件'));
      const x = await p.app.inject({ method: 'GET', url: '/api/v1/reports/annual?year=2019&format=xlsx', headers });
      assert.match(String(x.headers['content-type']), /spreadsheetml/);
      const pdf = await p.app.inject({ method: 'GET', url: '/api/v1/reports/monthly?month=2019-05&format=pdf', headers });
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(await pdfText(pdf.rawPayload), /信访工作月度通报（2019年5月）/);
      const bad = await p.app.inject({ method: 'GET', url: '/api/v1/reports/annual?year=abc', headers });
      assert.equal(bad.statusCode, 400);
      const anon = await p.app.inject({ method: 'GET', url: '/api/v1/reports/annual?year=2019' });
      assert.equal(anon.statusCode, 401);
    });
  });
}
