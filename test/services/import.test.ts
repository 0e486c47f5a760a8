/**
 * Import of past records: column mapping from a .csv and an .xlsx, a validation report naming each bad row, a dry
 * run that writes nothing, and a re-run that adds nothing.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DIALECTS } from '../helpers/db.ts';
import { platform, type Platform } from '../helpers/fixtures.ts';
import { importFile, parseTime, type Mapping } from '../../src/import/importer.ts';
import { parseCsv } from '../../src/import/read.ts';

const mapping: Mapping = { source: 'shunde-2018', channel: 'letter', columns: { externalId: '编号', name: '姓名', title: '标题', content: '内容', receivedAt: '来信日期', replyText: '答复' }, defaults: { name: '匿名来信人' } };
const CSV = '\ufeff编号,姓名,标题,内容,来信日期,答复\n'
  + 'S001,张三,小区路灯损坏,"大良街道某小区路灯坏了三个月，""晚上""很黑，\n请尽快维修。",2018/3/5 9:30,已维修\n'
  + 'S002,,垃圾清运不及时,垃圾堆放多日无人清运,2018-04-01,\n'
  + 'S003,李四,,没有标题的一行,2018/4/2,\n'
  + 'S004,王五,时间不对,内容,2018/13/40,\n'
  + 'S001,张三,重复编号,内容,2018/3/5,\n';

for (const dialect of DIALECTS) {
  describe(`import of past records (${dialect})`, () => {
    let p: Platform;
    let dir: string;
    before(async () => { p = await platform(dialect, { now: '2019-06-01T00:00:00Z' }); dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-import-')); });
    after(async () => { fs.rmSync(dir, { recursive: true, force: true }); await p.close(); });

    test('a CSV: the report names each rejected row; dry run writes nothing; a re-run adds nothing', async () => {
      const file = path.join(dir, 'letters.csv');
      fs.writeFileSync(file, CSV);
      const dry = await importFile(p.ctx, file, mapping, { dryRun: true });
      assert.equal(dry.total, 5);
      assert.equal(dry.valid, 2);
      assert.deepEqual(dry.errors.map((e) => [e.row, e.field]), [[4, 'title'], [5, 'receivedAt'], [6, 'externalId']]);
      assert.equal(dry.duplicatesInFile, 1);
      assert.equal(dry.imported, 0);
      const none = await p.store.db.selectFrom('petitions').select('id').execute();
      assert.equal(none.length, 0);

      const real = await importFile(p.ctx, file, mapping);
      assert.equal(real.imported, 2);
      const pets = await p.store.db.selectFrom('petitions').select(['title', 'channel', 'receivedAt', 'content']).orderBy('id').execute();
      assert.deepEqual(pets.map((x) => [x.title, x.channel, x.receivedAt]), [['小区路灯损坏', 'letter', '2018-03-05T01:30:00.000Z'], ['垃圾清运不及时', 'letter', '2018-03-31T16:00:00.000Z']]);
      assert.ok(pets[0]!.content.includes('"晚上"很黑'));
      const rec = await p.store.db.selectFrom('importRecords').select(['externalId', 'replyText']).where('externalId', '=', 'S001').executeTakeFirstOrThrow();
      assert.equal(rec.replyText, '已维修');

      const again = await importFile(p.ctx, file, mapping);
      assert.equal(again.imported, 0);
      assert.equal(again.alreadyImported, 2);
      assert.equal((await p.store.db.selectFrom('petitions').select('id').execute()).length, 2);
    });

    test('an .xlsx with the same mapping; a missing column is reported, not guessed', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('来信');
      ws.addRow(['编号', '姓名', '标题', '内容', '来信日期']);
      ws.addRow(['X100', '赵六', '噪声扰民', '工厂夜间生产噪声扰民', '2018-05-06 20:15']);
      const file = path.join(dir, 'letters.xlsx');
      await wb.xlsx.writeFile(file);
      const r = await importFile(p.ctx, file, { ...mapping, source: 'xlsx-test', columns: { ...mapping.columns, replyText: undefined } });
      assert.equal(r.imported, 1, JSON.stringify(r.errors));
      const missing = await importFile(p.ctx, file, { ...mapping, source: 'xlsx-test-2' });
      assert.equal(missing.valid, 0);
      assert.match(missing.errors[0]!.message, /找不到列「答复」/);
    });
  });
}

describe('import parsing', () => {
  test('CSV quotes, doubled quotes and line breaks inside fields', () => {
    assert.deepEqual(parseCsv('a,b\r\n"x,1","y ""z""\nw"\n'), [['a', 'b'], ['x,1', 'y "z"\nw']]);
  });
  test('naive times are Asia/Shanghai; impossible dates are refused', () => {
    assert.equal(parseTime('2019/2/28 11:25:05'), '2019-02-28T03:25:05.000Z');
    assert.equal(parseTime('2019年2月28日'), '2019-02-27T16:00:00.000Z');
    assert.equal(parseTime('2019-02-30'), null);
    assert.equal(parseTime('2019-02-28T11:25:05+08:00'), '2019-02-28T03:25:05.000Z');
  });
});
