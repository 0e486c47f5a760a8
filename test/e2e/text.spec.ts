/**
 * Text intelligence in the workbench (issue 7) in real Chromium: full-text search with highlighted snippets and
 * paging into a matter; the related-petitions panel confirming a repeat; the classification suggestion at
 * registration (after the administrator trains the models); the dashboard's hotspots; the reply quality check.
 * Each journey also tries one bad input (empty search, a role without the right, no model, an empty reply).
 * Setup the journeys do not test goes through the HTTP API.
 */
import { expect, test, type Page } from '@playwright/test';
import { apiAs, login, shot, watchConsole } from './workbench-helpers.ts';

const run = Date.now().toString(36).slice(-5);

async function chooseOption(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(label, { exact: true }).click();
}

test.describe.configure({ mode: 'serial' });

test('全文检索: empty query is refused in the page; 物业 finds highlighted texts, pages, sorts and opens the matter', async ({ page, request }) => {
  const errors = watchConsole(page);
  // a petition whose text looks like HTML: its snippet must show it as text
  await (await apiAs(request, 'city.registrar')).post('/petitions', {
    channel: 'letter', receivedAt: new Date().toISOString(), title: `物业费公示栏被撕毁（${run}）`, regionCode: '440604',
    content: `小区物业费公示栏<img src=x onerror="document.title='XSS'">已被撕毁&nbsp;，请求督促物业重新公示。${run}`, petitioners: [{ name: '区志明' }],
  });
  const searches: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/text/search')) searches.push(r.url()); });
  await login(page, 'city.handler');
  await page.getByRole('menuitem', { name: '全文检索' }).click();
  await expect(page.getByTestId('search-page')).toBeVisible();
  // bad input: nothing typed → a clear message, and no request
  await page.getByTestId('search-q').getByRole('button').last().click();
  await expect(page.getByTestId('search-empty')).toHaveText('请输入检索词');
  await page.getByTestId('search-q').locator('input').fill('   ');
  await page.getByTestId('search-q').locator('input').press('Enter');
  await expect(page.getByTestId('search-empty')).toBeVisible();
  expect(searches).toEqual([]);

  await page.getByTestId('search-q').locator('input').fill('物业');
  await page.getByTestId('search-q').locator('input').press('Enter');
  await expect(page.getByTestId('search-total')).toHaveText(/^(共|约) [\d,]+ 条结果$/);
  const hits = page.getByTestId('search-hit');
  await expect(hits.first()).toBeVisible();
  // the snippets' matches are <mark> elements, and nothing else of the snippet became HTML
  const marks = page.getByTestId('search-results').locator('mark');
  await expect(marks.first()).toHaveText('物业');
  expect(await page.getByTestId('snippet').locator(':not(mark)').count()).toBe(0);
  expect(page.url()).toContain('q=%E7%89%A9%E4%B8%9A');
  await shot(page, '40-search');
  const htmlLike = page.getByTestId('search-hit').filter({ hasText: run });
  await expect(htmlLike.getByTestId('snippet')).toContainText('公示栏<img src=x onerror="document.title=\'XSS\'">已被撕毁&nbsp;');
  await expect(page.getByTestId('search-results').locator('img')).toHaveCount(0);
  expect(await page.title()).not.toBe('XSS');

  // newest first: the petition registered just now leads
  await chooseOption(page, 'search-sort', '按时间（最新）');
  await expect(page).toHaveURL(/sort=newest/);
  await expect(hits.first()).toContainText(run);
  // only petitions' own texts (no replies)
  await chooseOption(page, 'search-kind', '来信来访内容');
  await expect(page).toHaveURL(/kind=petition/);
  await expect(hits.first()).toBeVisible();
  // (the list shown until the new answer arrives is the previous one)
  await expect(async () => expect(new Set(await page.getByTestId('search-hit').locator('.ant-tag').allTextContents())).toEqual(new Set(['信访件']))).toPass();

  // open the first result's matter
  const code = (await hits.first().getByTestId('hit-matter').textContent())!;
  await hits.first().getByTestId('hit-matter').click();
  await expect(page.getByTestId('matter-code')).toHaveText(code);
  await page.goBack();
  await expect(page.getByTestId('search-total')).toBeVisible();
  // English
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('search-total')).toHaveText(/^(About )?[\d,]+ results$/);
  await page.getByRole('button', { name: /^中\s*文$/ }).click();
  expect(errors).toEqual([]);
});

test('paging: a frequent word has more than one page of results', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'city.handler');
  await page.goto('/admin/search?q=%E8%A6%81%E6%B1%82'); // 要求
  await expect(page.getByTestId('search-total')).toBeVisible();
  const total = Number((await page.getByTestId('search-total').textContent())!.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(20);
  const first = await page.getByTestId('hit-matter').first().textContent();
  await page.locator('.ant-pagination-item-2').click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId('hit-matter').first()).not.toHaveText(first!);
  expect(errors).toEqual([]);
});

test('关联信访件: a repeat petition shows its earlier one with reasons; the registrar confirms; a leader sees no buttons', async ({ page, request }) => {
  const errors = watchConsole(page);
  const registrar = await apiAs(request, 'city.registrar');
  const body = {
    channel: 'visit', title: `悦景花园物业擅自上调停车费（${run}）`, regionCode: '440604',
    content: `悦景花园小区物业公司自十月起擅自将地面停车费从每月150元上调到300元，未经业主大会表决，业主多次投诉无果，请求主管部门查处。${run}`,
    petitioners: [{ name: '陈国华', phone: '13800138123' }],
  };
  const first = await registrar.post('/petitions', { ...body, receivedAt: new Date(Date.now() - 86_400_000).toISOString() });
  const second = await registrar.post('/petitions', { ...body, receivedAt: new Date().toISOString() });

  await login(page, 'city.registrar');
  await page.goto(`/admin/matters/${second.matterId}`);
  const panel = page.getByTestId('related');
  const row = panel.getByTestId('related-row').filter({ hasText: first.code });
  await expect(row).toBeVisible();
  await expect(row).toContainText('同一联系电话');
  await expect(row).toContainText(/内容相似度 \d+%/);
  await expect(row.getByTestId('related-status')).toHaveText('待确认');
  await row.getByTestId('related-confirm').click();
  await expect(row.getByTestId('related-status')).toHaveText('已确认');
  await expect(row.getByTestId('related-confirm')).toHaveCount(0);
  await shot(page, '41-related');
  // the decision is the server's: a reload shows it
  await page.reload();
  await expect(page.getByTestId('related').getByTestId('related-row').filter({ hasText: first.code }).getByTestId('related-status')).toHaveAttribute('data-status', 'confirmed');
  expect(errors).toEqual([]);

  // a leader may read the links but not decide them
  const leaderErrors = watchConsole(page);
  await login(page, 'city.leader');
  await page.goto(`/admin/matters/${second.matterId}`);
  await expect(page.getByTestId('related').getByTestId('related-row').filter({ hasText: first.code })).toBeVisible();
  await expect(page.getByTestId('related-confirm')).toHaveCount(0);
  await expect(page.getByTestId('related-reject')).toHaveCount(0);
  expect(leaderErrors).toEqual([]);
});

test('智能分类建议: no model → a quiet hint; after training, the suggestion is accepted into the form and the petition registered', async ({ page, request }) => {
  const errors = watchConsole(page);
  const admin = await apiAs(request, 'admin');
  const untrained = (await admin.raw('/text/classify', { text: '小区物业乱收停车费' })).status() === 409;
  const text = { title: `翠湖华府物业乱收停车费（${run}）`, content: '翠湖华府小区物业公司擅自上调停车费和物业管理费，业主多次投诉，物业仍以停水停电相威胁，请求住建部门查处。' };
  await login(page, 'city.registrar');
  if (untrained) {
    // bad case: the model is not trained yet — a quiet hint, no error for the user
    await page.getByRole('menuitem', { name: '登记' }).click();
    await page.getByLabel('标题').fill(text.title);
    await page.getByTestId('classify-run').click();
    await expect(page.getByTestId('classify-no-model')).toHaveText('分类模型尚未训练，暂无建议');
    await expect(page.getByTestId('classify-run')).toBeVisible(); // no retry on every keystroke
    // the only failed responses were those 409s (the browser logs each as a failed resource)
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
    errors.length = 0;
  }
  expect(await admin.post('/text/train')).toMatchObject({ category: expect.any(Number), unit: expect.any(Number) });

  await page.goto('/admin/register');
  await page.getByTestId('person-0').getByPlaceholder('姓名').fill('刘美玲');
  await page.getByLabel('标题').fill(text.title);
  await page.getByLabel('反映内容').fill(text.content);
  // the first suggestion in this browser is asked for; later ones follow the typing
  if (await page.getByTestId('classify-run').isVisible()) await page.getByTestId('classify-run').click();
  const category = page.getByTestId('classify-category');
  await expect(category).toBeVisible();
  await expect(category).toContainText(/置信度 \d+%/);
  await expect(category).toContainText('依据词语');
  await expect(page.getByTestId('classify-unit')).toContainText('建议承办单位');
  const suggested = (await page.getByTestId('classify-category-name').textContent())!;
  await shot(page, '42-classify');
  const feedback = page.waitForRequest((r) => r.url().endsWith('/api/v1/text/classify/feedback'));
  await page.getByTestId('classify-accept').click();
  await expect(page.locator('.ant-form-item').filter({ has: page.getByTestId('category') })).toContainText(suggested);
  await expect(category).toContainText('已采纳');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('receipt-query-code')).not.toBeEmpty();
  const sent = (await feedback).postDataJSON() as { target: string; chosen: string; suggested: string; petitionId: number };
  expect(sent).toMatchObject({ target: 'category' });
  expect(sent.chosen).toBe(sent.suggested);
  // the next registration gets its suggestion without a click
  await page.getByRole('button', { name: '继续登记' }).click();
  await page.getByLabel('反映内容').fill('南庄镇某中学食堂饭菜质量差、价格高，学生反映多次无人理会，请求教育局检查学校食堂管理。');
  await expect(page.getByTestId('classify-category')).toBeVisible();
  await expect(page.getByTestId('classify-run')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('热点问题 on the dashboard: the last 30 days, counts and top words leading to the search', async ({ page, request }) => {
  const errors = watchConsole(page);
  // three petitioners about one estate's problem this week: one topic
  const reg = await apiAs(request, 'city.registrar');
  const texts = [['翠湖花园小区地下车库长期积水', '翠湖花园小区地下车库长期积水，排水泵损坏，车辆被泡，请求维修排水泵。'],
    ['翠湖花园车库积水无人处理', '翠湖花园小区车库积水严重，物业说排水泵坏了没钱修。'],
    ['再次反映翠湖花园地下车库积水', '翠湖花园小区地下车库积水问题反映多次仍未解决，排水泵一直没修。']];
  for (const [i, [title, content]] of texts.entries()) {
    await reg.post('/petitions', { channel: 'letter', receivedAt: new Date(Date.now() - (3 - i) * 3_600_000).toISOString(), title, content, regionCode: '440604', petitioners: [{ name: `车库${i}${run}` }] });
  }
  await login(page, 'city.leader');
  await page.getByRole('menuitem', { name: '统计分析' }).click();
  const topics = page.getByTestId('topics');
  const topic = topics.getByTestId('topic').filter({ hasText: '翠湖花园' });
  await expect(topic).toHaveCount(1);
  await expect(topic.getByTestId('topic-petition')).toHaveCount(3);
  await shot(page, '42-topics');
  const card = page.getByTestId('hotspots');
  await expect(card).toContainText('热点问题');
  await expect(card.getByTestId('hotspot').first()).toBeVisible();
  await expect(card.getByTestId('hotspot-count').first()).toHaveText(/^\d+ 件$/);
  await shot(page, '43-hotspots');
  const term = card.getByTestId('hotspot-term').first();
  const word = (await term.textContent())!;
  await term.click();
  await expect(page.getByTestId('search-q').locator('input')).toHaveValue(word);
  await expect(page.getByTestId('search-total')).toBeVisible();
  await page.goBack();
  await card.getByTestId('hotspot-petition').first().click();
  await expect(page.getByTestId('matter-code')).toBeVisible();
  expect(errors).toEqual([]);
});

test('答复质量检查: an empty reply is asked for; a template-only reply is flagged before sending', async ({ page, request }) => {
  const errors = watchConsole(page);
  const shunde = await apiAs(request, 'shunde.handler');
  const housing = await apiAs(request, 'shunde.housing.handler');
  const units = (await shunde.get('/units')) as { id: number; name: string }[];
  const reg = await shunde.post('/petitions', {
    channel: 'visit', receivedAt: new Date().toISOString(), title: `容桂电梯加装工程停工（${run}）`, regionCode: '440606',
    content: '容桂街道某小区加装电梯工程停工三个月，施工围挡占用消防通道，请求督促施工单位复工并清理围挡。', petitioners: [{ name: '何淑贞', phone: '13925007788' }],
  });
  await shunde.post(`/matters/${reg.matterId}/actions`, { action: 'assign', unitId: units.find((u) => u.name === '顺德区住房城乡建设和水利局')!.id });
  await housing.post(`/matters/${reg.matterId}/actions`, { action: 'accept' });

  await login(page, 'shunde.housing.handler');
  await page.goto(`/admin/matters/${reg.matterId}`);
  await page.locator('[data-action="reply"]').click();
  const modal = page.locator('.ant-modal');
  const check = modal.getByTestId('reply-check');
  // bad input: nothing written yet
  await check.getByTestId('reply-check-run').click();
  await expect(check.getByTestId('reply-check-error')).toHaveText('请先填写答复内容');
  await modal.getByLabel('意见内容').fill('您好！来信收悉，感谢您对我们工作的关心和支持。对于您的来信，我们高度重视，已转相关部门认真研究，并将予以关注，进一步加强管理。谢谢您的支持与理解！');
  await check.getByTestId('reply-check-run').click();
  await expect(check.locator('[data-code="templateOnly"]')).toHaveText('答复以套话为主，未涉及来信的具体内容');
  await expect(check).toContainText('诉求覆盖度');
  await shot(page, '44-reply-check');
  // a reply that answers the petition passes the template test
  await modal.getByLabel('意见内容').fill('经现场核查，容桂街道该小区加装电梯工程因施工单位资金问题停工，我局已责令施工单位于本月复工，并已清理占用消防通道的围挡。依据《广东省既有住宅增设电梯指导意见》，我局将每周督查进度。');
  await check.getByTestId('reply-check-run').click();
  await expect(check.getByTestId('reply-check-ok').or(check.getByTestId('reply-flag').first())).toBeVisible();
  await expect(check.locator('[data-code="templateOnly"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
