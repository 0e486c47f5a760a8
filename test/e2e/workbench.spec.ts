/**
 * The staff workbench in real Chromium: a petition's whole lifecycle through the UI as the demo users, a district
 * user kept out of another district's matter, screenshots of the main pages (Chinese rendered) and no console errors.
 */
import { expect, test, type Page } from '@playwright/test';
import { idNumber, login, PASSWORD, shot, watchConsole } from './workbench-helpers.ts';

async function act(page: Page, action: string, fill?: () => Promise<void>) {
  await page.locator(`[data-action="${action}"]`).click();
  if (fill) {
    await fill();
    await page.getByTestId('action-submit').click();
  }
  await expect(page.locator('.ant-modal')).toHaveCount(0);
}

/** picks an option of a select in the open modal, again if a click landed while the list was still opening */
async function chooseOption(page: Page, label: string, option: string) {
  const modal = page.locator('.ant-modal');
  const item = modal.locator('.ant-form-item').filter({ has: page.getByLabel(label) });
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await modal.getByLabel(label).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click({ timeout: 3_000 });
    await expect(item).toContainText(option, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

test.describe.configure({ mode: 'serial' });
let matterPath = '';

test('first page interactive: login form usable, then home rendered (timings in the report)', async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto('/admin/');
  await expect(page.getByLabel('用户名')).toBeEditable();
  const formReady = await page.evaluate(() => performance.now()); // ms since navigation start
  await page.getByLabel('用户名').fill('city.handler');
  await page.getByLabel('密码').fill(PASSWORD);
  // measured inside the page: from the click to the first frame where the queue count is on screen
  await page.evaluate(() => {
    const w = window as unknown as { fqClick?: number };
    document.querySelector('button[type="submit"]')!.addEventListener('click', () => { w.fqClick = performance.now(); }, { capture: true, once: true });
  });
  await page.getByRole('button', { name: /登\s*录/ }).click();
  const loginToHome = await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="home"] .ant-statistic-content-value');
    const w = window as unknown as { fqClick?: number };
    return v && v.textContent !== '…' && w.fqClick !== undefined ? Math.round(performance.now() - w.fqClick) : null;
  }, undefined, { polling: 'raf' }).then((h) => h.jsonValue());
  const api = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/api/v1/') || e.name.includes('/assets/'))
    .map((e) => `${new URL(e.name).pathname.replace(/^.*\/(api\/v1|assets)\//, '')} ${Math.round(e.duration)}`).join(', '));
  console.log(`[timing] navigation start → login form usable: ${Math.round(formReady)} ms; login click → home rendered: ${loginToHome} ms`);
  console.log(`[timing] requests (ms): ${api}`);
  await expect(page.getByText('我的待办')).toBeVisible();
  await shot(page, '01-home-city.handler');
  await page.getByRole('menuitem', { name: '信访事项' }).click();
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await shot(page, '02-matter-list');
  await page.getByRole('menuitem', { name: '统计分析' }).click();
  await expect(page.getByTestId('chart-rates').locator('canvas')).toBeVisible();
  await shot(page, '03-dashboard');
  expect(errors).toEqual([]);
});

test('register a visit with two representatives as city.registrar', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'city.registrar');
  await page.getByRole('menuitem', { name: '登记' }).click();
  const p0 = page.getByTestId('person-0');
  await p0.getByPlaceholder('姓名').fill('陈建华');
  // as typed: a wrong checksum is refused at once
  await p0.getByPlaceholder('身份证号').fill('440606198503121230');
  await expect(page.getByText('身份证号校验位错误')).toBeVisible();
  await p0.getByPlaceholder('身份证号').fill(idNumber('440606', '19850312', '123'));
  await expect(page.getByText('出生日期 1985-03-12')).toBeVisible();
  await p0.getByPlaceholder('电话').fill('13902281234');
  await p0.getByText('代表').click();
  await page.getByTestId('add-person').click();
  const p1 = page.getByTestId('person-1');
  await p1.getByPlaceholder('姓名').fill('李秀英');
  await p1.getByPlaceholder('身份证号').fill(idNumber('440606', '19900705', '246'));
  await p1.getByText('代表').click();
  await page.getByLabel('标题').fill('小区加装电梯工程长期停工，要求督促施工单位复工');
  await page.getByLabel('反映内容').fill('顺德区大良街道某小区加装电梯工程自今年三月停工至今，业主多次向街道和住建部门反映未果，请求督促尽快复工并公开工程进度。');
  await page.getByTestId('category').click();
  await page.locator('.ant-cascader-menu-item').first().click();
  await page.keyboard.press('Escape');
  await shot(page, '04-registration-desk');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('receipt-query-code')).not.toBeEmpty();
  await shot(page, '05-receipt');
  await page.getByTestId('receipt-matter').click();
  await expect(page.getByTestId('matter-status')).toHaveAttribute('data-status', 'registered');
  matterPath = new URL(page.url()).pathname;
  // masked ID numbers, both representatives
  await expect(page.getByTestId('petitioners')).toContainText('4406**********');
  await expect(page.getByTestId('petitioners').getByText('代表')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('route as city.handler to 顺德区住房城乡建设和水利局', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'city.handler');
  await page.goto(matterPath);
  await expect(page.getByTestId('actions')).toBeVisible();
  await act(page, 'transfer', async () => {
    const tree = page.locator('.ant-modal').getByLabel('单位');
    const field = page.locator('.ant-modal .ant-form-item').filter({ has: page.getByLabel('单位') });
    // again if a click landed while the filtered tree was still settling (the list then stays open over the button)
    await expect(async () => {
      if (!(await page.locator('.ant-select-dropdown:visible').count())) { await tree.click(); await tree.fill('顺德区住房城乡建设和水利局'); }
      await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').filter({ hasText: /^顺德区住房城乡建设和水利局$/ }).first().click({ timeout: 3_000 });
      await expect(field).toContainText('顺德区住房城乡建设和水利局', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    if (await page.locator('.ant-select-dropdown:visible').count()) await page.locator('.ant-modal-title').click();
  });
  await expect(page.getByTestId('matter-status')).toHaveAttribute('data-status', 'routed');
  await expect(page.locator('[data-action]')).toHaveCount(0); // city.handler no longer holds it
  expect(errors).toEqual([]);
});

test('accept, extend and reply as shunde.housing.handler', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'shunde.housing.handler');
  await page.goto(matterPath);
  await act(page, 'accept');
  await expect(page.getByTestId('matter-status')).toHaveAttribute('data-status', 'accepted');
  await expect(page.getByTestId('light-handle')).toHaveAttribute('data-light', 'green');
  await shot(page, '06-matter-page');
  await act(page, 'extend', async () => {
    await page.locator('.ant-modal').getByLabel('延长天数').fill('15');
    await page.locator('.ant-modal').getByLabel('理由').fill('需委托第三方检测机构出具电梯井结构安全鉴定');
  });
  await expect(page.locator('[data-action="extend"]')).toHaveCount(0); // only once
  await act(page, 'reply', async () => {
    await chooseOption(page, '答复结果', '支持');
    await page.locator('.ant-modal').getByLabel('意见内容').fill('经核查，施工单位已于本月复工，预计两个月内完工，我局将每周督查进度。');
  });
  await expect(page.getByTestId('matter-status')).toHaveAttribute('data-status', 'replied');
  expect(errors).toEqual([]);
});

test('evaluate and request review as city.registrar (the petitioner\'s side)', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'city.registrar');
  await page.goto(matterPath);
  await act(page, 'evaluate', async () => { await chooseOption(page, '评价结果', '不满意'); });
  await act(page, 'requestReview');
  await expect(page.getByTestId('matter-status')).toHaveAttribute('data-status', 'underReview');
  expect(errors).toEqual([]);
});

test('decide review as shunde.handler', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'shunde.handler');
  await page.goto(matterPath);
  await act(page, 'decideReview', async () => {
    await chooseOption(page, '决定', '维持');
    await page.locator('.ant-modal').getByLabel('意见内容').fill('经复查，原答复意见事实清楚、处理恰当，予以维持。');
  });
  await expect(page.getByTestId('matter-status')).toHaveAttribute('data-status', 'reviewed');
  await expect(page.getByTestId('timeline')).toContainText('复查');
  await shot(page, '07-matter-reviewed');
  expect(errors).toEqual([]);
});

test('supervisor: a dashboard number opens the list behind it; export; English switch', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'city.supervisor');
  await expect(page.getByText('辖区在办')).toBeVisible();
  await page.getByRole('menuitem', { name: '统计分析' }).click();
  const row = page.locator('.ant-table-row').filter({ hasText: '顺德区信访局' });
  await row.locator('td').nth(1).locator('a').click();
  await expect(page).toHaveURL(/\/admin\/matters\?.*regionCode=440606/);
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  expect((await download).suggestedFilename()).toBe('matters.xlsx');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('menuitem', { name: 'Matters' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export Excel' })).toBeVisible();
  await shot(page, '08-matter-list-english');
  await page.getByRole('button', { name: /中\s*文/ }).click();
  await expect(page.getByRole('menuitem', { name: '信访事项' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('administration: users, time limits, enter next year\'s holiday schedule', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'admin');
  await page.getByRole('menuitem', { name: '系统管理' }).click();
  await expect(page.getByRole('cell', { name: 'city.handler', exact: true })).toBeVisible();
  await page.getByRole('tab', { name: '时限规则' }).click();
  await expect(page.getByText('《信访工作条例》第三十二条').first()).toBeVisible();
  await shot(page, '09-admin-limits');
  await page.getByRole('tab', { name: '节假日安排' }).click();
  await page.getByRole('spinbutton').fill('2027');
  await page.getByPlaceholder(/每行一天/).fill('2027-01-01 rest 元旦\n2027-10-09 work 国庆节调休');
  await page.getByRole('button', { name: '录入年度安排' }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(page.getByText(/已录入年份.*2027/)).toBeVisible();
  expect(errors).toEqual([]);
});

test('a district user cannot open another district\'s matter', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'nanhai.handler');
  await page.goto(matterPath);
  await expect(page.getByTestId('matter-error')).toContainText('没有找到这件事项，或您无权查看');
  await expect(page.getByTestId('actions')).toHaveCount(0);
  // the 404 of the API is the expected answer here, logged by Chromium as a failed resource
  expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  expect(errors.filter((e) => /^404 /.test(e))).toEqual([`404 /api/v1/matters/${matterPath.split('/').pop()}`]);
});
