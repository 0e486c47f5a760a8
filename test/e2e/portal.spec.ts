/**
 * The citizen portal (issue 4) in real Chromium, at a phone viewport (375×812, touch) and at desktop: a petition
 * with a real PNG attachment, its query code, the lookup, the matter moved by staff through the API (transfer,
 * accept, reply, a published document) appearing on the portal, evaluation and a review request; one petition for a
 * double click plus a retry after a lost answer (same Idempotency-Key); a wrong phone reveals nothing; large-text
 * mode and English remembered; an appointment booked and cancelled.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import zlib from 'node:zlib';
import { idChecksumChar } from '../../src/domain/id-number.ts';

const PASSWORD = 'fengqiao-demo';
const RUN = Date.now().toString(36).slice(-5).toUpperCase();
const idNumber = (region: string, birth: string, seq: string) => { const s = `${region}${birth}${seq}`; return s + idChecksumChar(s); };
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/portal-${name}.png`, fullPage: true });

/** A real 24×24 PNG (red square), written with zlib: signature, IHDR, IDAT, IEND with their CRCs. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const w = 24, h = 24;
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const rows = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, Buffer.from([0xc0, 0x20, 0x20]))])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

type Staff = (method: string, path: string, data?: unknown) => Promise<{ status: number; body: any }>;
async function staff(request: APIRequestContext, username: string): Promise<Staff> {
  const login = await request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return async (method, path, data) => {
    const r = await request.fetch(`/api/v1${path}`, { method, data, headers: { authorization: `Bearer ${token}` } });
    const json = /json/.test(r.headers()['content-type'] ?? '');
    return { status: r.status(), body: json ? await r.json() : null };
  };
}

/** The petitions staff see with this exact title (online, received today). */
async function petitionsTitled(s: Staff, title: string) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const r = await s('GET', `/petitions?channel=online&from=${today}&pageSize=100`);
  expect(r.status).toBe(200);
  return (r.body.items as { id: number; matterId: number; title: string }[]).filter((p) => p.title === title);
}

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  return errors;
}

interface Person { name: string; id: string; phone: string }

/** Fills the whole petition form (everything but submitting). */
async function fillPetition(page: Page, who: Person, title: string, attach = true) {
  await page.goto('/');
  await page.getByTestId('entry-petition').click();
  await expect(page.getByRole('heading', { level: 1, name: '我要信访' })).toBeVisible();
  await page.getByLabel('姓名').fill(who.name);
  const id = page.getByTestId('id-number');
  // the checksum is checked as it is typed: a wrong last character is refused, the right one accepted
  const wrong = who.id.slice(0, 17) + (who.id.endsWith('0') ? '1' : '0');
  await id.fill(wrong);
  await expect(page.getByText('身份证号校验位错误，请核对号码')).toBeVisible();
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await id.fill(who.id);
  await expect(page.getByText('身份证号校验通过')).toBeVisible();
  await page.getByLabel('手机号码').fill(who.phone);
  await page.getByLabel('信访目的').selectOption({ label: '求决' });
  await page.getByLabel('问题分类').selectOption({ label: '城乡建设' });
  await page.getByLabel('问题发生地（区）').selectOption({ label: '禅城区' });
  await page.getByLabel('镇（街道）').selectOption({ label: '张槎街道' });
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('诉求内容').fill('我家楼下的路灯已经坏了三个月，晚上出行很不安全，多次向物业反映无果，请有关部门尽快修复。');
  if (attach) {
    const bytes = png();
    await page.getByTestId('file-input').setInputFiles({ name: '路灯照片.png', mimeType: 'image/png', buffer: bytes });
    const item = page.locator('.files li').filter({ hasText: '路灯照片.png' });
    await expect(item).toContainText(`${bytes.length} B`);
    await expect(item).toContainText('已上传');
  }
  await page.getByLabel('我已阅读并知晓上述信访须知').check();
}

async function lookup(page: Page, code: string, phone: string) {
  if (!page.url().endsWith('/progress')) await page.goto('/progress');
  await page.getByRole('textbox', { name: '查询码', exact: true }).fill(code);
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '查询', exact: true }).click();
}

for (const device of [
  { name: 'phone', use: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: 'desktop', use: { viewport: { width: 1440, height: 900 } } },
]) {
  test.describe(`portal at ${device.name}`, () => {
    test.use(device.use);

    test('petition with a PNG → query code → lookup → staff transfer/accept/reply/publish appear → evaluate → request review', async ({ page, request }) => {
      const errors = watchErrors(page);
      const who: Person = { name: device.name === 'phone' ? '陈小梅' : '黄志强', id: idNumber('440604', device.name === 'phone' ? '19800512' : '19751103', '232'), phone: device.name === 'phone' ? '13902010001' : '13902010002' };
      const title = `张槎街道路灯损坏 ${RUN}${device.name}`;
      await fillPetition(page, who, title);
      // the SMS code: the button counts down after sending (the code goes through the console gateway in demo)
      await page.getByTestId('sms-button').click();
      await expect(page.getByTestId('sms-button')).toHaveText(/秒后重新获取/);
      await expect(page.getByTestId('sms-button')).toBeDisabled();
      await shot(page, `${device.name}-form`);
      await page.getByTestId('submit').click();

      const code = (await page.getByTestId('query-code').textContent())!.trim();
      expect(code).toMatch(/^[A-Z0-9]{6,20}$/);
      await page.getByRole('button', { name: '复制查询码' }).click();
      await expect(page.getByText(/已复制到剪贴板|已选中查询码/)).toBeVisible();
      await shot(page, `${device.name}-done`);

      await page.getByRole('button', { name: '查询办理进度' }).click();
      await expect(page.getByRole('textbox', { name: '查询码', exact: true })).toHaveValue(code);
      await lookup(page, code, who.phone);
      await expect(page.getByTestId('status')).toHaveText('已登记');
      await expect(page.getByTestId('timeline')).toContainText('登记');

      // staff move the matter: the district bureau transfers it to the district housing bureau, which accepts and replies
      const bureau = await staff(request, 'chancheng.handler');
      const [petition] = await petitionsTitled(bureau, title);
      expect(petition).toBeTruthy();
      const units = (await bureau('GET', '/units')).body as { id: number; regionCode: string; dept: string | null }[];
      const housing = units.find((u) => u.dept === 'housing' && u.regionCode === '440604')!;
      expect((await bureau('POST', `/matters/${petition!.matterId}/actions`, { action: 'transfer', unitId: housing.id })).status).toBe(200);
      const unit = await staff(request, 'chancheng.housing.handler');
      expect((await unit('POST', `/matters/${petition!.matterId}/actions`, { action: 'accept' })).status).toBe(200);
      const replyText = `经现场核查，张槎街道该路段路灯线路老化，已于本周更换并恢复照明。${RUN}`;
      expect((await unit('POST', `/matters/${petition!.matterId}/actions`, { action: 'reply', outcome: 'support', text: replyText })).status).toBe(200);
      const doc = await unit('POST', `/matters/${petition!.matterId}/documents`, { kind: 'handlingOpinion', publish: true });
      expect(doc.status).toBe(201);

      await lookup(page, code, who.phone);
      await expect(page.getByTestId('status')).toHaveText('已答复');
      const timeline = page.getByTestId('timeline');
      for (const step of ['登记', '转送', '受理', '答复']) await expect(timeline).toContainText(step);
      await expect(timeline).toContainText(replyText);
      await expect(timeline).toContainText('处理结果：支持');
      await expect(page.getByTestId('progress')).toContainText('评价期限');
      await expect(page.getByTestId('progress')).toContainText('申请复查期限');
      // the published 信访处理意见书 downloads with the code and phone
      const link = page.getByTestId('documents').getByRole('link', { name: /下载/ }).first();
      await expect(link).toBeVisible();
      const file = await page.request.get((await link.getAttribute('href'))!);
      expect(file.status()).toBe(200);
      expect(file.headers()['content-type']).toMatch(/officedocument/);
      const pdf = await page.request.get((await page.getByTestId('documents').getByRole('link', { name: /PDF/ }).first().getAttribute('href'))!);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await shot(page, `${device.name}-progress`);

      await page.getByTestId('evaluate-form').getByLabel('满意', { exact: true }).check();
      await page.getByRole('button', { name: '提交评价' }).click();
      await expect(page.getByTestId('progress')).toContainText('满意度评价满意');
      await expect(page.getByTestId('evaluate-form')).toHaveCount(0);

      await page.getByTestId('review-form').getByLabel('申请理由').fill('路灯更换后仍时常熄灭，问题没有根本解决，申请复查。');
      await page.getByRole('button', { name: '提交申请' }).click();
      await expect(page.getByTestId('status')).toHaveText('复查中');
      await expect(page.getByTestId('timeline')).toContainText('申请复查');
      expect(errors).toEqual([]);
    });
  });
}

test.describe('portal at phone size', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('a double click and a retry after a lost answer make one petition (one Idempotency-Key)', async ({ page, request }) => {
    const who: Person = { name: '李建华', id: idNumber('440605', '19700208', '331'), phone: '13902010003' };
    const title = `重复提交测试 ${RUN}`;
    await fillPetition(page, who, title, false);
    const keys: string[] = [];
    let firstAnswer: { queryCode: string } | null = null;
    await page.route('**/api/v1/public/petitions', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!firstAnswer) {
        // the server takes the petition, but the answer never reaches the phone
        const res = await route.fetch();
        firstAnswer = (await res.json()) as { queryCode: string };
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.getByTestId('submit').dblclick();
    await expect(page.getByRole('alert')).toContainText('网络连接失败');
    expect(keys).toHaveLength(1); // the second click of the double click sent nothing
    await page.getByTestId('submit').click();
    const code = (await page.getByTestId('query-code').textContent())!.trim();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(code).toBe(firstAnswer!.queryCode);
    const bureau = await staff(request, 'city.handler');
    expect(await petitionsTitled(bureau, title)).toHaveLength(1);
  });

  test('a wrong phone and a wrong code answer alike and show nothing of the petition', async ({ page }) => {
    const who: Person = { name: '周玉兰', id: idNumber('440606', '19650917', '442'), phone: '13902010004' };
    const title = `查询保护测试 ${RUN}`;
    await fillPetition(page, who, title, false);
    await page.getByTestId('submit').click();
    const code = (await page.getByTestId('query-code').textContent())!.trim();
    await page.goto('/progress');
    await lookup(page, code, '13902019999');
    await expect(page.getByRole('alert')).toHaveText('查询码或手机号码不正确，请核对后重试。');
    await expect(page.getByTestId('progress')).toHaveCount(0);
    await expect(page.getByText(title)).toHaveCount(0);
    const wrongCode = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    await lookup(page, wrongCode, who.phone);
    await expect(page.getByRole('alert')).toHaveText('查询码或手机号码不正确，请核对后重试。');
    await expect(page.getByTestId('progress')).toHaveCount(0);
    await lookup(page, code, who.phone);
    await expect(page.getByTestId('progress')).toContainText(title);
    // a link carrying the code (as an SMS may) fills it in; the phone is still asked for
    await page.goto(`/progress?code=${code}`);
    await expect(page.getByRole('textbox', { name: '查询码', exact: true })).toHaveValue(code);
    await expect(page.getByTestId('progress')).toHaveCount(0);
  });

  test('large-text mode and English are remembered across visits; the form has labels and keyboard focus', async ({ page }) => {
    await page.goto('/');
    const fontSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    expect(await fontSize()).toBe('16px');
    await page.getByTestId('large-text').click();
    await expect(page.getByTestId('large-text')).toHaveAttribute('aria-pressed', 'true');
    expect(await fontSize()).toBe('20px');
    await page.getByTestId('lang').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Online petitions');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Online petitions');
    expect(await fontSize()).toBe('20px');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot(page, 'phone-home-en-large');
    await page.getByTestId('entry-petition').click();
    await expect(page.getByLabel('ID card number')).toBeVisible();
    await page.getByRole('button', { name: 'Submit petition' }).click();
    await expect(page.getByText('Please enter your name')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toBeFocused(); // the first field in error takes the focus
    // keyboard: the skip link is the first stop and leads to the main region
    await page.goto('/');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await page.getByTestId('lang').click();
    await page.getByTestId('large-text').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('网上信访');
    expect(await fontSize()).toBe('16px');
  });

  test('a wrong SMS code is refused at its field; without a code the petition goes in (the server is not strict here)', async ({ page }) => {
    const who: Person = { name: '冯秀英', id: idNumber('440607', '19580304', '522'), phone: '13902010006' };
    await fillPetition(page, who, `短信验证码测试 ${RUN}`, false);
    await page.getByTestId('sms-button').click();
    await expect(page.getByText(/验证码已发送，5 分钟内有效/)).toBeVisible();
    const code = page.getByRole('textbox', { name: /短信验证码/ });
    await code.fill('000000');
    await page.getByTestId('submit').click();
    await expect(page.getByText('验证码错误或已过期，请重新获取').first()).toBeVisible();
    await expect(code).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('query-code')).toHaveCount(0);
    await code.fill('');
    await page.getByTestId('submit').click();
    await expect(page.getByTestId('query-code')).toHaveText(/^[A-Z0-9]{6,20}$/);
  });

  test('an attachment is checked by its content: text named .png is refused and left out', async ({ page }) => {
    await page.goto('/petition');
    await page.getByTestId('file-input').setInputFiles({ name: '伪装的图片.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片，只是文字。'.repeat(20)) });
    const item = page.locator('.files li').filter({ hasText: '伪装的图片.png' });
    await expect(item).toContainText('文件内容不是图片或 PDF，未上传');
    await item.getByRole('button', { name: '移除附件 伪装的图片.png' }).click();
    await expect(page.locator('.files li')).toHaveCount(0);
  });

  test('a notice published by staff shows on the home page and its sanitised HTML renders without script', async ({ page, request }) => {
    const s = await staff(request, 'city.supervisor');
    const title = `关于节假日信访接待安排的公告 ${RUN}`;
    const made = await s('POST', '/articles', {
      kind: 'notice', title,
      html: '<h2>接待时间</h2><p>节假日期间<strong>正常接待</strong>来访群众。</p><script>window.__pwned = 1</script><p onclick="window.__pwned = 2">详见<a href="https://example.org/notice">通知原文</a></p>',
    });
    expect(made.status).toBe(201);
    expect((await s('POST', `/articles/${made.body.id}/publish`)).status).toBe(200);
    await page.goto('/');
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('.article-body strong')).toHaveText('正常接待');
    await expect(page.locator('.article-body h2')).toHaveText('接待时间');
    expect(await page.locator('.article-body script, .article-body [onclick]').count()).toBe(0);
    await page.locator('.article-body p').last().click();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.getByRole('link', { name: '返回列表' }).click();
    await page.getByRole('link', { name: '公告', exact: true }).click();
    await expect(page.getByRole('link', { name: '公告', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
  });

  test('an appointment with a published reception day: booked, then cancelled with its code', async ({ page, request }) => {
    const s = await staff(request, 'chancheng.handler');
    const date = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const leader = `区长${RUN}`;
    const planned = await s('POST', '/receptions', { kind: 'reception', leaderName: leader, leaderTitle: '区长', date, onRestDay: 'moveToNextWorkday', start: '09:00', end: '11:00', slotMinutes: 30, perSlot: 2, place: '禅城区信访局接待大厅', topic: '城市建设与管理' });
    expect(planned.status).toBe(201);
    expect((await s('POST', `/receptions/${planned.body.id}/publish`)).status).toBe(200);

    await page.goto('/');
    await page.getByTestId('entry-appointments').click();
    const card = page.getByTestId(`reception-${planned.body.id}`);
    await expect(card).toContainText(leader);
    await expect(card).toContainText('09:30');
    await card.getByLabel(/09:30/).check();
    const form = card.getByTestId('book-form');
    await form.getByLabel('姓名').fill('梁志明');
    await form.getByLabel('手机号码').fill('13902010005');
    await form.getByLabel('简要说明诉求').fill('小区旧改工程噪音扰民，希望当面反映。');
    await form.getByRole('button', { name: '确认预约' }).click();
    const bookingCode = (await page.getByTestId('booking-code').textContent())!.trim();
    expect(bookingCode.length).toBeGreaterThanOrEqual(4);
    await expect(card.locator('label').filter({ hasText: '09:30' })).toContainText('余 1 个');
    await shot(page, 'phone-appointments');

    const cancel = page.getByTestId('cancel-form');
    await cancel.getByLabel('预约码').fill(bookingCode);
    await cancel.getByLabel('手机号码').fill('13902010005');
    await cancel.getByRole('button', { name: '取消预约' }).click();
    await expect(cancel).toContainText('预约已取消');
    await expect(card.locator('label').filter({ hasText: '09:30' })).toContainText('余 2 个');
    const list = await s('GET', `/receptions/${planned.body.id}/appointments`);
    expect(list.body.map((a: { status: string }) => a.status)).toEqual(['cancelled']);
  });
});
