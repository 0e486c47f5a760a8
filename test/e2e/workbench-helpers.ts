/** What the workbench's browser journeys share: the demo password, login, screenshots, the console watch. */
import { expect, type APIRequestContext, type Page } from '@playwright/test';
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

/** calls the API as a demo user (setup only) */
export async function apiAs(request: APIRequestContext, username: string) {
  const r = await request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
  expect(r.status()).toBe(200);
  const { token } = (await r.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  return {
    post: async (url: string, data?: unknown) => { const res = await request.post(`/api/v1${url}`, { headers, data }); expect(res.status(), `${url}: ${await res.text()}`).toBeLessThan(300); return res.json() as Promise<any>; },
    raw: (url: string, data: unknown) => request.post(`/api/v1${url}`, { headers, data }),
    get: async (url: string) => { const res = await request.get(`/api/v1${url}`, { headers }); expect(res.status()).toBe(200); return res.json() as Promise<any>; },
  };
}
