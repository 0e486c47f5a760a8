/**
 * The workbench's documents, attachments, supervision, administration and news editor in real Chromium: register
 * with an attachment; issue and publish a document and add a file on the matter page; issue a 督办单 from the
 * overdue list and answer it as the supervised unit; an administrator creates a user who then logs in; an editor
 * publishes an article that the public API lists. Setup the journeys do not test goes through the HTTP API.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiAs, idNumber, login, shot, watchConsole } from './workbench-helpers.ts';

// a 1×1 PNG and a minimal PDF: the server decides the type from these bytes
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const run = Date.now().toString(36).slice(-5);

async function unitIdByName(request: APIRequestContext, name: string): Promise<number> {
  const units = (await (await apiAs(request, 'admin')).get('/units')) as { id: number; name: string }[];
  const u = units.find((x) => x.name === name);
  expect(u, name).toBeTruthy();
  return u!.id;
}

test.describe.configure({ mode: 'serial' });

test('registration desk: a petition with an attachment, the printable receipt, the file on the matter page', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'city.registrar');
  await page.getByRole('menuitem', { name: '登记' }).click();
  const p0 = page.getByTestId('person-0');
  await p0.getByPlaceholder('姓名').fill('黄志强');
  await p0.getByPlaceholder('身份证号').fill(idNumber('440604', '19760918', '315'));
  await p0.getByPlaceholder('电话').fill('13802271188');
  await page.getByLabel('标题').fill(`河涌排污口夜间偷排，附现场照片（${run}）`);
  await page.getByLabel('反映内容').fill('禅城区某河涌排污口近一个月每晚十点后排放黑色污水，气味刺鼻，附现场照片，请求查处。');
  await page.getByTestId('reg-upload').locator('..').locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByTestId('reg-files')).toContainText('现场照片.png');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('receipt-query-code')).not.toBeEmpty();
  await expect(page.getByTestId('receipt-attachments')).toHaveText('现场照片.png');
  await expect(page.getByRole('button', { name: '打印回执' })).toBeVisible();
  await shot(page, '10-receipt-with-attachment');
  await page.getByTestId('receipt-matter').click();
  const files = page.getByTestId('attachments').getByTestId('attachment');
  await expect(files).toHaveCount(1);
  await expect(files.first()).toContainText('现场照片.png');
  await expect(files.first()).toContainText('工作人员上传');
  expect(errors).toEqual([]);
});

test('matter page: issue and publish a 受理告知书, add a file; the citizen sees the published document', async ({ page, request }) => {
  const errors = watchConsole(page);
  // setup: shunde's bureau registers and assigns to the housing bureau, which accepts
  const shunde = await apiAs(request, 'shunde.handler');
  const housing = await apiAs(request, 'shunde.housing.handler');
  const reg = await shunde.post('/petitions', {
    channel: 'visit', receivedAt: new Date().toISOString(), title: `安置房漏水维修无人负责（${run}）`, content: '大良街道某安置房小区顶楼漏水半年，物业与开发商互相推诿。',
    petitioners: [{ name: '梁桂芳', phone: '13925001234', idNumber: idNumber('440606', '19680203', '428') }], regionCode: '440606',
  });
  await shunde.post(`/matters/${reg.matterId}/actions`, { action: 'assign', unitId: await unitIdByName(request, '顺德区住房城乡建设和水利局') });
  await housing.post(`/matters/${reg.matterId}/actions`, { action: 'accept' });

  await login(page, 'shunde.housing.handler');
  await page.goto(`/admin/matters/${reg.matterId}`);
  await expect(page.getByTestId('matter-status')).toHaveAttribute('data-status', 'accepted');
  const docs = page.getByTestId('documents');
  await expect(docs).toContainText('尚未出具文书');
  await docs.getByTestId('doc-kind').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('受理告知书', { exact: true }).click();
  await docs.getByTestId('doc-publish').click();
  const download = page.waitForEvent('download');
  await docs.getByTestId('doc-issue').click();
  expect((await download).suggestedFilename()).toMatch(/^信访事项受理告知书-.*\.docx$/);
  const row = docs.getByTestId('document-acceptanceNotice');
  await expect(row).toContainText('信访事项受理告知书');
  await expect(row.getByTestId('published')).toHaveText('已向信访人公开');
  // downloading it again from the list
  const again = page.waitForEvent('download');
  await row.getByText('下载').click();
  expect((await again).suggestedFilename()).toMatch(/\.docx$/);

  const att = page.getByTestId('attachments');
  await att.locator('input[type=file]').setInputFiles({ name: '漏水鉴定报告.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(att.getByTestId('attachment')).toHaveCount(1);
  await expect(att.getByTestId('attachment').first()).toContainText('漏水鉴定报告.pdf');
  await shot(page, '11-matter-documents-attachments');

  // the petitioner's progress lists the published notice with its download link
  const progress = await request.get(`/api/v1/public/petitions/${reg.queryCode}?phone=13925001234`);
  expect(progress.status()).toBe(200);
  const documents = ((await progress.json()) as { documents: { id?: number; title: string; url?: string }[] }).documents;
  expect(documents.some((d) => d.id !== undefined && d.url && /受理告知书/.test(d.title))).toBe(true);
  expect(errors).toEqual([]);
});

test('supervision: a 督办单 from the overdue list, answered in writing by the supervised unit', async ({ page, request }) => {
  const errors = watchConsole(page);
  // setup: a visit registered 40 days ago at shunde's bureau and never routed — past its acceptance limit
  const title = `征地补偿款迟迟未发放（${run}）`;
  const shunde = await apiAs(request, 'shunde.handler');
  await shunde.post('/petitions', {
    channel: 'visit', receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString(), title, content: '勒流街道某村征地补偿款拖欠两年未发放，村民多次反映。',
    petitioners: [{ name: '何炳坤' }], regionCode: '440606',
  });

  await login(page, 'city.supervisor');
  await page.getByRole('menuitem', { name: '督查督办' }).click();
  await page.getByTestId('overdue-search').locator('input').fill(title);
  await page.getByTestId('overdue-search').locator('input').press('Enter');
  const row = page.getByTestId('overdue-list').locator('.ant-table-row').filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('顺德区信访局');
  await row.getByRole('button', { name: '督办单' }).click();
  await page.locator('.ant-modal').getByLabel('督办事由').fill('该事项登记后超过受理期限仍未转送交办或受理，请立即办理。');
  await page.getByTestId('sup-submit').click();
  await expect(page.getByText(/已发出督办单 .*督〔\d{4}〕\d+号/)).toBeVisible();
  await expect(row).toContainText('督办单');
  await page.getByRole('tab', { name: /督办件/ }).click();
  const item = page.getByTestId('supervision-items').locator('.ant-table-row').filter({ hasText: '该事项登记后超过受理期限' });
  await expect(item).toContainText('待反馈');
  await shot(page, '12-supervision');
  await page.getByRole('button', { name: /退\s*出/ }).click();

  await login(page, 'shunde.handler');
  await page.getByRole('menuitem', { name: '督查督办' }).click();
  await page.getByRole('tab', { name: /督办件/ }).click();
  const mine = page.getByTestId('supervision-items').locator('.ant-table-row').filter({ hasText: '该事项登记后超过受理期限' });
  await mine.getByTestId('sup-answer').click();
  await page.locator('.ant-modal').getByLabel('办理情况').fill('已于当日转送勒流街道办理，并电话告知信访人。');
  await page.getByTestId('answer-submit').click();
  await expect(mine.getByTestId('sup-answered')).toContainText('已于当日转送勒流街道办理');
  expect(errors).toEqual([]);
});

test('administration: an administrator creates a user who can then log in', async ({ page }) => {
  const errors = watchConsole(page);
  const username = `shunde.clerk${run}`;
  await login(page, 'admin');
  await page.getByRole('menuitem', { name: '系统管理' }).click();
  await page.getByTestId('user-new').click();
  const modal = page.locator('.ant-modal');
  await modal.getByLabel('用户名').fill(username);
  await modal.getByLabel('姓名').fill('何敏');
  const unit = modal.getByLabel('单位');
  const unitItem = modal.locator('.ant-form-item').filter({ has: page.getByLabel('单位') });
  // the tree list can still be settling when the pick lands: pick again until the field shows the unit, then close it
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) { await unit.click(); await unit.fill('顺德区信访局'); }
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').filter({ hasText: /^顺德区信访局$/ }).first().click({ timeout: 3_000 });
    await expect(unitItem).toContainText('顺德区信访局', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await modal.locator('.ant-modal-title').click(); // closes the unit list if it stayed open
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await modal.getByLabel('角色').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('登记员', { exact: true }).click();
  await modal.locator('.ant-modal-title').click(); // closes the role list
  await modal.getByLabel('密码').fill('Qiao-Feng-2026x');
  await page.getByTestId('user-submit').click();
  await expect(modal).toHaveCount(0);
  await page.getByTestId('user-filter').locator('input').fill(username);
  await expect(page.getByRole('cell', { name: username, exact: true })).toBeVisible();
  await shot(page, '13-admin-users');
  await page.getByRole('button', { name: /退\s*出/ }).click();
  await login(page, username, 'Qiao-Feng-2026x');
  await expect(page.getByTestId('current-user')).toHaveText('何敏');
  await expect(page.getByRole('menuitem', { name: '登记' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('administration: a unit added under a district bureau, a category added and disabled', async ({ page, request }) => {
  const errors = watchConsole(page);
  await login(page, 'admin');
  await page.getByRole('menuitem', { name: '系统管理' }).click();
  await page.getByRole('tab', { name: '单位' }).click();
  await page.getByTestId('unit-filter').locator('input').fill('顺德区信访局');
  await page.locator('.ant-table-row').filter({ hasText: '440606-XFJ' }).getByText('新增下级').click();
  const modal = page.locator('.ant-modal');
  await modal.getByLabel('代码').fill(`440606-T${run}`.toUpperCase());
  await modal.getByLabel('单位名称').fill(`顺德区政务服务数据管理局${run}`);
  await page.getByTestId('unit-submit').click();
  await expect(modal).toHaveCount(0);
  await page.getByTestId('unit-filter').locator('input').fill(`数据管理局${run}`);
  const unitRow = page.locator('.ant-table-row').filter({ hasText: `顺德区政务服务数据管理局${run}` });
  await expect(unitRow).toContainText('顺德区信访局');
  await expect(unitRow).toContainText('职能部门');

  await page.getByRole('tab', { name: '问题分类' }).click();
  const first = page.locator('[data-testid^="cat-"]').first();
  await first.getByText('新增下级').click();
  await modal.getByLabel('分类名称').fill(`新兴产业${run}`);
  await page.getByTestId('cat-submit').click();
  await expect(page.getByText(/已新增分类 \d{4}/)).toBeVisible();
  const code = (await page.getByText(/已新增分类 \d{4}/).textContent())!.match(/\d{4}/)![0];
  const node = page.getByTestId(`cat-${code}`);
  await expect(node).toContainText(`新兴产业${run}`);
  await node.getByRole('switch').click();
  await expect(node.locator('del')).toBeVisible();
  const offered = (await (await request.get('/api/v1/categories')).json()) as { code: string }[];
  expect(offered.some((c) => c.code === code)).toBe(false);
  await shot(page, '15-admin-categories');
  expect(errors).toEqual([]);
});

test('news editor: a supervisor writes and publishes a notice; the public API lists it', async ({ page, request }) => {
  const errors = watchConsole(page);
  const title = `关于春节期间信访接待安排的通知（${run}）`;
  await login(page, 'city.supervisor');
  await page.getByRole('menuitem', { name: '新闻公告' }).click();
  await page.getByTestId('art-new').click();
  const editor = page.getByTestId('art-editor');
  await editor.getByLabel('栏目').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('通知公告', { exact: true }).click();
  await editor.getByLabel('标题').fill(title);
  await editor.locator('.ProseMirror').click();
  await page.keyboard.type('春节期间市信访局接待大厅照常开放。');
  await editor.getByTestId('rt-bold').click();
  await page.keyboard.type('网上信访全天受理。');
  await editor.getByTestId('art-save').click();
  await expect(page.getByText('已保存')).toBeVisible();
  await editor.getByTestId('art-publish').click();
  const row = page.locator('.ant-table-row').filter({ hasText: title });
  await expect(row.getByTestId('art-status')).toHaveText('已发布');
  await shot(page, '14-articles');
  const list = (await (await request.get('/api/v1/public/articles?kind=notice')).json()) as { items: { id: number; title: string }[] };
  const item = list.items.find((a) => a.title === title);
  expect(item).toBeTruthy();
  const one = (await (await request.get(`/api/v1/public/articles/${item!.id}`)).json()) as { html: string };
  expect(one.html).toContain('<strong>网上信访全天受理。</strong>');
  // taken back, it leaves the portal
  await row.getByRole('button', { name: /撤\s*回/ }).click();
  await expect(row.getByTestId('art-status')).toHaveText('草稿');
  const after = (await (await request.get('/api/v1/public/articles?kind=notice')).json()) as { items: { title: string }[] };
  expect(after.items.some((a) => a.title === title)).toBe(false);
  expect(errors).toEqual([]);
});
