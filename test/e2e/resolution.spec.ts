/**
 * The resolution workbench (issue 6) in real Chromium: the pre-visit lawyer records a screening that points the
 * visitor to labour arbitration (诉访分离); it appears in the office's list and in this year's figures; a
 * responsible unit's handler is not offered the clue tab's content. No console errors.
 */
import { expect, test, type Page } from '@playwright/test';

const PASSWORD = 'fengqiao-demo';

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} @ ${m.location().url}:${m.location().lineNumber}`); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${new URL(r.url()).pathname}`); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

async function login(page: Page, username: string) {
  await page.goto('/admin/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('home')).toBeVisible();
}

test('the lawyer records a pre-visit screening; it is listed and counted as a diversion', async ({ page }) => {
  const errors = watchConsole(page);
  await login(page, 'city.lawyer');
  await page.getByRole('menuitem', { name: '多元化解' }).click();
  await expect(page.getByTestId('resolution')).toBeVisible();
  await expect(page.getByRole('tab', { name: '访前法律工作室' })).toBeVisible();
  const visitor = `e2e来访人${Date.now() % 100000}`;
  const form = page.getByTestId('screening-form');
  await form.getByLabel('来访人').fill(visitor);
  await form.getByLabel('人数').fill('2');
  await form.getByLabel('咨询问题').fill('公司拖欠工资三个月，能否上访解决？');
  await form.getByLabel('甄别结论').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('劳动人事争议仲裁', { exact: true }).click();
  await form.getByText('已填写登记表').click();
  await page.getByTestId('screening-form-save').click();
  const row = page.getByTestId('screenings').getByRole('row', { name: new RegExp(visitor) });
  await expect(row).toBeVisible();
  await expect(row.getByText('劳动人事争议仲裁')).toBeVisible();
  // a required field left empty is refused in the form, nothing is sent
  await page.getByTestId('screening-form-save').click();
  await expect(form.getByText('必填').first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('screenings').getByRole('row', { name: new RegExp(visitor) })).toBeVisible();
  // the year's figures, computed from the records: two people pointed to a legal channel
  await expect(page.getByTestId('resolution').locator('.ant-statistic').first()).toContainText('诉访分离 2');
  await page.screenshot({ path: 'test-results/screenshots/resolution-legal-office.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('a responsible unit handler sees no organised-crime clues', async ({ page }) => {
  await login(page, 'shunde.housing.handler');
  await page.goto('/admin/resolution/clues');
  await expect(page.getByTestId('resolution')).toBeVisible();
  await expect(page.getByTestId('clue-form')).toHaveCount(0);
});
