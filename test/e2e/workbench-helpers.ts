/** What the workbench's browser journeys share: the demo password, login, screenshots, the console watch. */
import { expect, type Page } from '@playwright/test';
import { idChecksumChar } from '../../src/domain/id-number.ts';

export const PASSWORD = 'fengqiao-demo';
export const idNumber = (region: string, birth: string, seq: string) => { const s = `${region}${birth}${seq}`; return s + idChecksumChar(s); };
export const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

/** every console error and uncaught exception of a page, to assert none happened */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${new URL(r.url()).pathname}`); });
  return errors;
}

export async function login(page: Page, username: string, password = PASSWORD) {
  await page.goto('/admin/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('home')).toBeVisible();
}
