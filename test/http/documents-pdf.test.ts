/**
 * Official documents as PDF (issue 5): issued with `format: "pdf"` and downloaded again from /documents/{id}/file.pdf,
 * the PDF parses and its text (pdfjs-dist) holds the Chinese title, the unit's name and the dates; a published
 * document is the petitioner's to download (publishedDocument), an unpublished one is not found.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../../src/services/auth.ts';
import { publishedDocument, publishedDocuments } from '../../src/services/documents.ts';
import { DIALECTS } from '../helpers/db.ts';
import { as, platform, type Platform } from '../helpers/fixtures.ts';
import { pdfText } from '../helpers/pdf.ts';

for (const dialect of DIALECTS) {
  describe(`official documents as PDF (${dialect})`, () => {
    let p: Platform;
    let matterId: number;
    let headers: Record<string, string>;
    before(async () => {
      p = await platform(dialect, { now: '2019-10-10T02:00:00Z' });
      const shunde = await as(p, 'shunde.handler');
      const r = await shunde('POST', '/petitions', { channel: 'visit', receivedAt: '2019-09-20T09:00:00+08:00', petitioners: [{ name: '陈大文' }], title: '小区加装电梯纠纷', content: '请求协调加装电梯', regionCode: '440606' });
      matterId = r.body.matterId;
      assert.equal((await shunde('POST', `/matters/${matterId}/actions`, { action: 'accept', at: '2019-10-10T09:30:00+08:00' })).status, 200);
      const login = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'shunde.handler', password: DEMO_PASSWORD } });
      headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    });
    after(async () => p?.close());

    test('a 受理告知书 issued as PDF carries the title, the unit, the petitioner and the due date', async () => {
      const d = await p.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/documents`, headers, payload: { kind: 'acceptanceNotice', format: 'pdf', publish: true } });
      assert.equal(d.statusCode, 201);
      assert.equal(d.headers['content-type'], 'application/pdf');
      assert.match(String(d.headers['content-disposition']), /\.pdf$/);
      assert.equal(d.rawPayload.subarray(0, 5).toString(), '%PDF-');
      const text = await pdfText(d.rawPayload);
      assert.match(text, /信访事项受理告知书/);
      assert.match(text, /顺德区信访局/);
      assert.match(text, /陈大文/);
      assert.match(text, /2019年12月9日/); // 60 days from 10 Oct end Sun 8 Dec → Mon 9 Dec
      assert.match(text, /顺德区信访信〔2019〕\d+号/);

      const id = Number(d.headers['x-document-id']);
      const again = await p.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/file.pdf`, headers });
      assert.equal(again.statusCode, 200);
      assert.equal(again.headers['content-type'], 'application/pdf');
      assert.match(await pdfText(again.rawPayload), /信访事项受理告知书[^]*顺德区信访局/);
      const docx = await p.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/file.docx`, headers });
      assert.equal(docx.statusCode, 200);
      assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
      // another district's handler does not see it
      const nh = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nanhai.handler', password: DEMO_PASSWORD } });
      const other = await p.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/file.pdf`, headers: { authorization: `Bearer ${(nh.json() as { token: string }).token}` } });
      assert.equal(other.statusCode, 404);
    });

    test('a wrong format is a 400, an unknown document a 404', async () => {
      const bad = await p.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/documents`, headers, payload: { kind: 'acceptanceNotice', format: 'odt' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'BAD_INPUT');
      assert.equal((await p.app.inject({ method: 'GET', url: '/api/v1/documents/999999/file.pdf', headers })).statusCode, 404);
    });

    test('the portal gets a published document, never an unpublished one or one of another matter', async () => {
      const hidden = await p.app.inject({ method: 'POST', url: `/api/v1/matters/${matterId}/documents`, headers, payload: { kind: 'acceptanceNotice' } });
      const hiddenId = Number(hidden.headers['x-document-id']);
      const list = await publishedDocuments(p.ctx, matterId);
      assert.equal(list.length, 1);
      assert.ok(!list.some((d) => d.id === hiddenId));
      const pdf = await publishedDocument(p.ctx, matterId, list[0]!.id, 'pdf');
      assert.equal(pdf.type, 'application/pdf');
      assert.match(await pdfText(pdf.body), /信访事项受理告知书/);
      const docx = await publishedDocument(p.ctx, matterId, list[0]!.id, 'docx');
      assert.match(docx.filename, /\.docx$/);
      await assert.rejects(publishedDocument(p.ctx, matterId, hiddenId, 'pdf'), { code: 'NOT_FOUND' });
      await assert.rejects(publishedDocument(p.ctx, matterId + 1000, list[0]!.id, 'pdf'), { code: 'NOT_FOUND' });
    });
  });
}
