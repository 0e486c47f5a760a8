/**
 * The resolution workbench (issue 6) in real Chromium, one journey per mechanism as the role that uses it: the
 * pre-visit legal office (screening → 诉访分离, opinion letter .docx), social workers and volunteers, the third-party
 * callback, hearings, people's mediation, clue transfer, 12345 joint handling with a 退单. Each journey also sends one
 * bad input through the UI and asserts the message shown, and checks that the figures changed (the 多元化解 page's
 * statistics, or GET /stats/resolution for the figures the page does not show). Matters are brought to the state a
 * mechanism needs through the API (the lifecycle's own journey is workbench.spec.ts). No console errors; the only
 * failed requests are the bad inputs' 4xx.
 */
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import JSZip from 'jszip';

const PASSWORD = 'fengqiao-demo';
const SHUNDE_HOUSING = '顺德区住房城乡建设和水利局';
const CITY_HOUSING = '佛山市住房和城乡建设局';
const stamp = () => String(Date.now() % 1_000_000);
/** this year in Asia/Shanghai, the page's year */
const YEAR = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());

/** Page errors and console errors, and the failed requests apart (a bad input's 4xx is expected and asserted). */
function watch(page: Page): { errors: string[]; failed: string[] } {
  const w = { errors: [] as string[], failed: [] as string[] };
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) w.errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) w.failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
  return w;
}

/** The end of a journey: a screenshot, no console errors, no failed request but the bad inputs' ones. */
async function finish(page: Page, w: ReturnType<typeof watch>, failed: string[], shot?: string) {
  if (shot) await page.screenshot({ path: `test-results/screenshots/${shot}.png`, fullPage: true });
  expect(w.errors).toEqual([]);
  expect(w.failed).toEqual(failed);
}

/** Logs in and opens a tab of the 多元化解 page. */
async function openTab(page: Page, username: string, tab: string) {
  await login(page, username);
  await page.goto(`/admin/resolution/${tab}`);
  await expect(page.getByTestId('resolution')).toBeVisible();
}

/** A journey's start: the page watched, the figures before, the user on the tab. */
async function start(page: Page, request: APIRequestContext, username: string, tab: string) {
  const w = watch(page);
  const before = await figures(request);
  await openTab(page, username, tab);
  return { w, before };
}

async function login(page: Page, username: string) {
  await page.goto('/admin/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('home')).toBeVisible();
}

type Api = (method: 'GET' | 'POST', path: string, data?: unknown) => Promise<any>;
/** The API as a demo user, for bringing matters to the state a journey needs and for reading figures. */
async function apiAs(request: APIRequestContext, username: string): Promise<Api> {
  const r = await request.post('/api/v1/auth/login', { data: { username, password: PASSWORD } });
  expect(r.status(), username).toBe(200);
  const { token } = (await r.json()) as { token: string };
  return async (method, path, data) => {
    const res = await request.fetch(`/api/v1${path}`, { method, data, headers: { authorization: `Bearer ${token}` } });
    const body = await res.json().catch(() => null);
    expect(res.ok(), `${method} ${path} → ${res.status()} ${JSON.stringify(body)}`).toBe(true);
    return body;
  };
}

interface Figures {
  legalOffice: { visitors: number; diverted: number; opinionLetters: number };
  socialWork: { batches: number; personTimes: number; soothed: number };
  volunteers: { active: number; qualified: number; trainings: number };
  callbacks: { sampled: number; attempts: number; valid: number; validRate: Rate; satisfaction: Rate };
  hearings: { held: number; ended: number; endedRate: Rate };
  mediation: { referred: number; sessions: number; agreements: number; fulfilled: number };
  clues: { flagged: number; transferred: number };
}
interface Rate { rate: number | null; numerator: number; denominator: number }
const figures = async (request: APIRequestContext): Promise<Figures> => (await apiAs(request, 'city.leader'))('GET', `/stats/resolution?from=${YEAR}-01-01&to=${YEAR}-12-31`);
const pct = (r: Rate) => (r.rate === null ? '—' : `${r.rate.toFixed(2)}%`);

/** One statistic of the 多元化解 page's figures card, by its title. */
const statistic = (page: Page, title: string) => page.getByTestId('resolution').locator('.ant-statistic').filter({ has: page.locator('.ant-statistic-title', { hasText: new RegExp(`^${title}$`) }) });
async function expectStatistic(page: Page, title: string, value: string, suffix?: string) {
  const s = statistic(page, title);
  await expect(s.locator('.ant-statistic-content-value')).toHaveText(value);
  if (suffix !== undefined) await expect(s.locator('.ant-statistic-content-suffix')).toHaveText(suffix);
}

/** A petition registered at the city hall (no ID number: never joined to another), brought to `state`. */
async function matterIn(request: APIRequestContext, state: 'registered' | 'declined' | 'replied' | 'underReview', title: string) {
  const registrar = await apiAs(request, 'city.registrar');
  const r = await registrar('POST', '/petitions', {
    channel: 'visit', receivedAt: new Date().toISOString(), title, content: `${title}，请求依法处理。`, regionCode: '440606', petitioners: [{ name: '陈志强' }],
  });
  const id = r.matterId as number;
  const act = async (who: Api, body: object) => { await who('POST', `/matters/${id}/actions`, body); };
  if (state === 'declined') await act(await apiAs(request, 'city.handler'), { action: 'decline', reason: '属民事纠纷', channelGuidance: '可申请人民调解' });
  if (state === 'replied' || state === 'underReview') {
    const housing = await apiAs(request, 'shunde.housing.handler');
    await act(await apiAs(request, 'city.handler'), { action: 'assign', unitId: await unitId(request, SHUNDE_HOUSING) });
    await act(housing, { action: 'accept' });
    await act(housing, { action: 'reply', outcome: 'explain', text: '经核查，已向信访人解释有关政策。' });
  }
  if (state === 'underReview') await act(registrar, { action: 'requestReview' });
  return { id, petitionId: r.id as number };
}

async function unitId(request: APIRequestContext, name: string): Promise<number> {
  const units = (await (await apiAs(request, 'city.handler'))('GET', '/units')) as { id: number; name: string }[];
  return units.find((u) => u.name === name)!.id;
}

/** Picks `option` in the select labelled `label` inside `scope` (a form card or the open modal). */
async function choose(page: Page, scope: Locator, label: string, option: string) {
  const box = scope.getByLabel(label, { exact: true });
  const select = box.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  // this select's own list (antd gives it the id `<field id>_list`): the list picked before may still be fading out,
  // with the same options, and a list opened late is not the last one yet when the pick is tried
  const id = await box.getAttribute('id');
  const list = id ? page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${id}_list"]`) }) : page.locator('.ant-select-dropdown:visible').last();
  // a pick made while the list is still opening can be lost (seen once in a full run: the form went without the
  // value): the select must show the option afterwards, else the list is closed and the pick made again
  await expect(async () => {
    if (await list.isVisible()) await page.keyboard.press('Escape');
    await box.click();
    await expect(list).toBeVisible({ timeout: 2000 });
    // the selects are searchable; a long list (the units) renders only what is in view. The search text of a failed
    // try stays in the box (a full run once typed the name six times over and found nothing): cleared first
    await box.fill('');
    await page.keyboard.type(option);
    await list.getByTitle(option, { exact: true }).click({ timeout: 2000 });
    await expect(select).toHaveText(option, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
}
/** a button by its whole text: antd spaces out a two-character Chinese label (移 交) */
const button = (scope: Page | Locator, text: string) => scope.getByRole('button', { name: new RegExp(`^${[...text].join('\\s*')}$`) });
const modal = (page: Page) => page.locator('.ant-modal');
async function submitModal(page: Page) {
  await page.getByTestId('res-modal-submit').click();
  await expect(modal(page)).toHaveCount(0);
}
/** the antd message toast a failed save shows */
const toast = (page: Page, text: string | RegExp) => page.locator('.ant-message').getByText(text);

test('the lawyer records a pre-visit screening; it is listed and counted as a diversion', async ({ page, request }) => {
  const w = watch(page);
  const before = await figures(request);
  await login(page, 'city.lawyer');
  await page.getByRole('menuitem', { name: '多元化解' }).click();
  await expect(page.getByTestId('resolution')).toBeVisible();
  await expect(page.getByRole('tab', { name: '访前法律工作室' })).toBeVisible();
  const visitor = `e2e来访人${stamp()}`;
  const form = page.getByTestId('screening-form');
  await form.getByLabel('来访人').fill(visitor);
  await form.getByLabel('人数').fill('2');
  await form.getByLabel('咨询问题').fill('公司拖欠工资三个月，能否上访解决？');
  await choose(page, form, '甄别结论', '劳动人事争议仲裁');
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
  // the year's figures, computed from the records: two more people pointed to a legal channel
  const after = await figures(request);
  expect(after.legalOffice.diverted).toBe(before.legalOffice.diverted + 2);
  await expectStatistic(page, '访前法律工作室', String(after.legalOffice.visitors), `/ 诉访分离 ${after.legalOffice.diverted}`);
  await finish(page, w, [], 'resolution-legal-office');
});

test('the lawyer writes a legal opinion letter and downloads it as .docx', async ({ page, request }) => {
  const { w, before } = await start(page, request, 'city.lawyer', 'legal');
  const form = page.getByTestId('opinion-form');
  const opinion = `建议向劳动人事争议仲裁委员会申请仲裁（${stamp()}）。`;
  await form.getByLabel('主题').fill('关于李伟劳动报酬争议的法律意见');
  await form.getByLabel('致送对象').fill('李伟');
  await form.getByLabel('基本事实').fill('来访人称公司拖欠工资三个月。');
  // bad input: the lawyer's name left empty is refused beside the field, nothing is sent
  await page.getByTestId('opinion-form-save').click();
  await expect(form.getByText('必填')).toHaveCount(2);
  await form.getByLabel('法律意见', { exact: true }).fill(opinion);
  await form.getByLabel('值班律师').fill('张律师');
  await page.getByTestId('opinion-form-save').click();
  await expect(form.getByText('必填')).toHaveCount(0);
  const letter = page.getByRole('button', { name: /下载 \.docx #\d+/ });
  await expect(letter).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), letter.click()]);
  expect(download.suggestedFilename()).toMatch(/^法律意见书-\d+\.docx$/);
  const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml).toContain('法律意见书');
  expect(xml).toContain(opinion);
  expect((await figures(request)).legalOffice.opinionLetters).toBe(before.legalOffice.opinionLetters + 1);
  await finish(page, w, []);
});

test('social workers log a batch in person-times; a volunteer is added, qualified and trained', async ({ page, request }) => {
  const { w, before } = await start(page, request, 'city.handler', 'social');
  const batch = page.getByTestId('batch-form');
  const worker = `社工${stamp()}`;
  await batch.getByLabel('社工（每行一人）').fill(`${worker}\n社工乙`);
  await batch.getByLabel('接待人次').fill('3');
  // bad input: more people soothed than received — the server's message is shown, the form keeps its values
  await batch.getByLabel('疏导安抚人次').fill('5');
  await page.getByTestId('batch-form-save').click();
  await expect(toast(page, '疏导安抚人次不能多于接待人次')).toBeVisible();
  await batch.getByLabel('疏导安抚人次').fill('2');
  await batch.getByLabel('跟进情况').fill('一周后电话回访');
  await page.getByTestId('batch-form-save').click();
  const row = page.getByRole('row', { name: new RegExp(worker) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: '3', exact: true })).toBeVisible();

  const name = `志愿者${stamp()}`;
  await page.getByTestId('volunteer-form').getByLabel('姓名').fill(name);
  await page.getByTestId('volunteer-form-save').click();
  const vol = page.getByRole('row', { name: new RegExp(name) });
  await button(vol, '通过').click();
  await expect(vol.getByText('已通过')).toBeVisible();
  const training = page.getByTestId('training-form');
  await training.getByLabel('主题').fill('依法信访引导培训');
  await choose(page, training, '参训志愿者', name);
  await page.keyboard.press('Escape');
  await page.getByTestId('training-form-save').click();
  await expect(toast(page, '已保存').last()).toBeVisible();
  // an earlier save's toast can still be showing: wait for the training's own save to be counted
  await expect.poll(async () => (await figures(request)).volunteers.trainings).toBe(before.volunteers.trainings + 1);

  const after = await figures(request);
  expect(after.socialWork.batches).toBe(before.socialWork.batches + 1);
  expect(after.socialWork.personTimes).toBe(before.socialWork.personTimes + 3);
  expect(after.volunteers.active).toBe(before.volunteers.active + 1);
  expect(after.volunteers.qualified).toBe(before.volunteers.qualified + 1);
  expect(after.volunteers.trainings).toBe(before.volunteers.trainings + 1);
  await page.reload();
  await expectStatistic(page, '社工参与接待', String(after.socialWork.batches), `/ ${after.socialWork.personTimes} 接待人次`);
  await expectStatistic(page, '志愿者名册', String(after.volunteers.active));
  await finish(page, w, ['400 POST /api/v1/social-work/batches'], 'resolution-social-work');
});

test('a registrar logs batches but is not offered the volunteers\' qualification review', async ({ page, request }) => {
  const handler = await apiAs(request, 'city.handler');
  const name = `待审志愿者${stamp()}`;
  await handler('POST', '/volunteers', { name });
  await openTab(page, 'city.registrar', 'social');
  const vol = page.getByRole('row', { name: new RegExp(name) });
  await expect(vol.getByText('待审核')).toBeVisible();
  await expect(vol.getByRole('button')).toHaveCount(0);
  await expect(page.getByTestId('batch-form')).toBeVisible();
});

test('the third-party evaluator samples matters, records a valid call and an unreachable one; the rates change', async ({ page, request }) => {
  const w = watch(page);
  const t = stamp();
  const a = await matterIn(request, 'replied', `回访甲${t}：小区停车位分配不公`);
  const b = await matterIn(request, 'replied', `回访乙${t}：道路施工噪音扰民`);
  const notReplied = await matterIn(request, 'registered', `回访丙${t}：尚未答复`);
  const before = await figures(request);
  await login(page, 'city.evaluator');
  await page.getByRole('menuitem', { name: '多元化解' }).click();
  await expect(page.getByRole('tab', { name: '第三方回访', selected: true })).toBeVisible();
  const sample = page.getByTestId('sample-form');
  // bad input: a matter not yet replied cannot be sampled — the server's 422 message is shown
  await sample.getByLabel('事项 ID（逗号分隔）').fill(`${a.id}, ${notReplied.id}`);
  await page.getByTestId('sample-form-save').click();
  await expect(toast(page, '尚未答复的信访事项不能抽样回访')).toBeVisible();
  await sample.getByLabel('事项 ID（逗号分隔）').fill(`${a.id}，${b.id}`);
  await page.getByTestId('sample-form-save').click();
  const rowA = page.getByRole('row', { name: new RegExp(`回访甲${t}`) });
  const rowB = page.getByRole('row', { name: new RegExp(`回访乙${t}`) });
  await expect(button(rowA, '记录回访')).toBeVisible();

  // a valid response: the call answered, the eight indicators and a suggestion
  await button(rowA, '记录回访').click();
  const m = modal(page);
  await choose(page, m, '回访结果', '接通并完成问卷');
  for (const label of ['承办单位受理的及时性', '服务态度', '工作效率', '满意程度', '信访局的协调工作评价', '支持信访工作的意愿程度', '对办理结果的认可程度（本平台补充）']) {
    await choose(page, m, label, label === '满意程度' ? '基本满意' : '满意');
  }
  await choose(page, m, '是否存在“不作为、慢作为、乱作为”现象', '否 / no');
  await m.getByLabel('意见建议').fill('希望公开办理进度');
  await submitModal(page);
  await expect(rowA.getByText('有效')).toBeVisible();
  // an unanswered call: one attempt counted, the callback stays open for another call
  await button(rowB, '记录回访').click();
  await choose(page, modal(page), '回访结果', '未接通');
  await submitModal(page);
  await expect(rowB.getByRole('cell', { name: '1', exact: true })).toBeVisible();
  await expect(button(rowB, '记录回访')).toBeVisible();
  // the per-unit data report counts both
  const report = page.locator('.ant-table-wrapper').filter({ hasText: '数据报告（按责任单位）' });
  await expect(report.getByRole('row', { name: new RegExp(SHUNDE_HOUSING) })).toBeVisible();

  const after = await figures(request);
  expect(after.callbacks.sampled).toBe(before.callbacks.sampled + 2);
  expect(after.callbacks.attempts).toBe(before.callbacks.attempts + 2);
  expect(after.callbacks.validRate.numerator).toBe(before.callbacks.validRate.numerator + 1);
  expect(after.callbacks.validRate.denominator).toBe(before.callbacks.validRate.denominator + 2);
  expect(after.callbacks.satisfaction.numerator).toBe(before.callbacks.satisfaction.numerator + 1);
  await page.reload();
  await expectStatistic(page, '回收有效率', pct(after.callbacks.validRate));
  await expectStatistic(page, '满意度', pct(after.callbacks.satisfaction));
  await finish(page, w, ['422 POST /api/v1/callbacks/samples'], 'resolution-callbacks');
});

test('a district bureau schedules a hearing (the clock pauses), records it with 息诉息访, and the conclusion decides the review', async ({ page, request }) => {
  const m = await matterIn(request, 'underReview', `征收补偿复查${stamp()}`);
  const { w, before } = await start(page, request, 'shunde.handler', 'hearings');
  const form = page.getByTestId('hearing-form');
  const when = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 2 * 86400_000));
  const schedule = async () => {
    await form.getByLabel('信访事项编号（ID）').fill(String(m.id));
    await choose(page, form, '类型', '听证会');
    await form.getByLabel('召开时间').fill(`${when}T10:00`);
    await form.getByLabel('地点').fill('顺德区信访局听证室');
    await form.getByLabel(/参加人员/).fill('刘律师 lawyer\n住建局业务骨干 expert\n黄代表 deputy\n周委员 cppccMember');
    await page.getByTestId('hearing-form-save').click();
  };
  await schedule();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: String(m.id), exact: true }) });
  await expect(row.getByText('待召开')).toBeVisible();
  await expect(row.getByText('已暂停计时')).toBeVisible();
  const shunde = await apiAs(request, 'shunde.handler');
  expect((await shunde('GET', `/matters/${m.id}`)).paused).toBe(true);
  const [h] = await shunde('GET', `/hearings?matterId=${m.id}`);
  expect(h.participants.map((p: { role: string }) => p.role)).toEqual(['lawyer', 'expert', 'deputy', 'cppccMember']);
  // bad input: a second hearing for a matter that already has one pending — the server's 422 message is shown
  await schedule();
  await expect(toast(page, '该事项已有待召开的听证评议')).toBeVisible();

  await button(row, '登记召开').click();
  await modal(page).getByLabel('会议记录').fill('各方陈述意见，律师发表法律意见，代表委员参与评议。');
  await modal(page).getByLabel('结论').fill('原处理意见认定事实清楚，适用法律正确。');
  await choose(page, modal(page), '建议决定', '维持');
  await submitModal(page);
  await expect(row.getByText('已召开')).toBeVisible();
  expect((await shunde('GET', `/matters/${m.id}`)).paused).toBe(false);
  await button(row, '息诉息访').click();
  await expect(row.getByText('息诉息访')).toBeVisible();
  await expect(button(row, '未息诉')).toHaveCount(0);
  await button(row, '用于复查/复核决定').click();
  await expect(button(row, '用于复查/复核决定')).toHaveCount(0);
  const reviewed = await shunde('GET', `/matters/${m.id}`);
  expect(reviewed.status).toBe('reviewed');
  expect(JSON.stringify(reviewed.events.at(-1))).toContain('认定事实清楚');

  const after = await figures(request);
  expect(after.hearings.held).toBe(before.hearings.held + 1);
  expect(after.hearings.ended).toBe(before.hearings.ended + 1);
  await page.reload();
  await expectStatistic(page, '听证评议', String(after.hearings.held), `/ 息诉息访 ${pct(after.hearings.endedRate)}`);
  await finish(page, w, ['422 POST /api/v1/hearings'], 'resolution-hearings');
});

test('a declined civil dispute is mediated: session, agreement (.docx), fulfilled — the matter closes', async ({ page, request }) => {
  const m = await matterIn(request, 'declined', `租赁押金纠纷${stamp()}`);
  const { w, before } = await start(page, request, 'city.handler', 'mediation');
  const form = page.getByTestId('mediation-form');
  const refer = async (matterId: number) => {
    await form.getByLabel('信访事项编号（ID）').fill(String(matterId));
    await form.getByLabel('调解员').fill('调解员甲');
    await form.getByLabel('申请人', { exact: true }).fill('陈志强');
    await form.getByLabel('被申请人').fill('某物业公司');
    await page.getByTestId('mediation-form-save').click();
  };
  // bad input: a matter that does not exist (or is not visible) — the server's 404 message is shown
  await refer(99999999);
  await expect(toast(page, '信访事项不存在或无权查看')).toBeVisible();
  await refer(m.id);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: String(m.id), exact: true }) });
  await expect(row.getByText('调解中')).toBeVisible();
  await button(row, '登记调解').click();
  await modal(page).getByLabel('备注').fill('双方陈述，初步同意返还押金。');
  await submitModal(page);
  await button(row, '达成协议').click();
  const terms = `被申请人于本月底前返还押金人民币3000元（${stamp()}）。`;
  await modal(page).getByLabel('协议内容').fill(terms);
  await submitModal(page);
  await expect(row.getByText('已达成协议')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), button(row, '下载 .docx').click()]);
  const xml = await (await JSZip.loadAsync(fs.readFileSync(await download.path()))).file('word/document.xml')!.async('string');
  expect(xml).toContain('人民调解协议书');
  expect(xml).toContain(terms);
  await button(row, '履行完毕').click();
  await expect(row.getByText('已履行')).toBeVisible();

  const after = await figures(request);
  expect(after.mediation.referred).toBe(before.mediation.referred + 1);
  expect(after.mediation.sessions).toBe(before.mediation.sessions + 1);
  expect(after.mediation.fulfilled).toBe(before.mediation.fulfilled + 1);
  await page.reload();
  await expectStatistic(page, '人民调解', String(after.mediation.referred), `/ ${after.mediation.fulfilled}`);
  // the agreement fulfilled closed the matter
  await page.getByRole('row').filter({ has: page.getByRole('link', { name: String(m.id), exact: true }) }).getByRole('link').click();
  await expect(page.getByTestId('matter-status')).toHaveAttribute('data-status', 'closed');
  await expect(page.getByTestId('matter-resolution')).toContainText('已履行');
  await finish(page, w, ['404 POST /api/v1/mediations']);
});

test('a bureau handler flags a petition\'s organised-crime clue and transfers it', async ({ page, request }) => {
  const m = await matterIn(request, 'registered', `反映强揽工程${stamp()}`);
  const { w, before } = await start(page, request, 'city.handler', 'clues');
  const form = page.getByTestId('clue-form');
  const description = `反映某村有人以暴力手段强揽工程（${stamp()}）`;
  // bad input: a petition that does not exist — the server's 404 message is shown
  await form.getByLabel('信访件编号（ID）').fill('99999999');
  await form.getByLabel('线索内容').fill(description);
  await page.getByTestId('clue-form-save').click();
  await expect(toast(page, '信访件不存在或无权查看')).toBeVisible();
  await form.getByLabel('信访件编号（ID）').fill(String(m.petitionId));
  await page.getByTestId('clue-form-save').click();
  const row = page.getByRole('row', { name: new RegExp(description.replace(/[()（）]/g, '.')) });
  await button(row, '移交').click();
  await modal(page).getByLabel('接收单位').fill('佛山市扫黑除恶专项斗争领导小组办公室');
  await modal(page).getByLabel('移交记录').fill('移交函1份，附信访材料3页');
  await submitModal(page);
  await expect(row.getByText('已移交 · 佛山市扫黑除恶专项斗争领导小组办公室')).toBeVisible();
  const after = await figures(request);
  expect(after.clues.flagged).toBe(before.clues.flagged + 1);
  expect(after.clues.transferred).toBe(before.clues.transferred + 1);
  await finish(page, w, ['404 POST /api/v1/clues']);
});

test('a responsible unit handler sees no organised-crime clues', async ({ page }) => {
  await openTab(page, 'shunde.housing.handler', 'clues');
  await expect(page.getByTestId('resolution')).toBeVisible();
  await expect(page.getByRole('tab', { name: '涉黑恶线索' })).toBeVisible();
  await expect(page.getByText('暂无记录')).toBeVisible();
  await expect(page.getByTestId('clue-form')).toHaveCount(0);
});

test('12345 joint handling: lead and co-unit, the lead returns it (退单) and the bureau arbitrates', async ({ page, request }) => {
  const w = watch(page);
  const ref = `12345-${stamp()}`;
  const m = await matterIn(request, 'registered', `12345 转办：道路积水${ref}`);
  await openTab(page, 'city.handler', 'joint');
  const form = page.getByTestId('joint-form');
  await form.getByLabel('信访事项编号（ID）').fill(String(m.id));
  await choose(page, form, '主办单位', SHUNDE_HOUSING);
  // bad input: the lead named again as a co-unit — the server's 400 message is shown
  await choose(page, form, '协办单位', SHUNDE_HOUSING);
  await page.keyboard.press('Escape');
  await form.getByLabel('12345 工单号').fill(ref);
  await page.getByTestId('joint-form-save').click();
  await expect(toast(page, '主办单位与协办单位不能重复')).toBeVisible();
  await form.locator('.ant-select-selection-item-remove').click();
  await choose(page, form, '协办单位', CITY_HOUSING);
  await page.keyboard.press('Escape');
  await page.getByTestId('joint-form-save').click();
  const row = page.getByRole('row', { name: new RegExp(ref) });
  await expect(row.getByText(`${SHUNDE_HOUSING} · 办理中`)).toBeVisible();
  await expect(row.getByText(`${CITY_HOUSING} · 办理中`)).toBeVisible();

  // the lead unit returns the case with a reason
  await openTab(page, 'shunde.housing.handler', 'joint');
  const theirs = page.getByRole('row', { name: new RegExp(ref) });
  await button(theirs, '退单').click();
  await modal(page).getByLabel('理由').fill('积水路段不属本局管养范围');
  await submitModal(page);
  await expect(theirs.getByText(`${SHUNDE_HOUSING} · 退单待裁定`)).toBeVisible();

  // the bureau arbitrates: upholding a lead's return needs the new lead
  await openTab(page, 'city.handler', 'joint');
  const ours = page.getByRole('row', { name: new RegExp(ref) });
  await ours.locator('.ant-table-row-expand-icon').click();
  const ret = page.locator('.ant-table-expanded-row').getByRole('row', { name: /积水路段不属本局管养范围/ });
  await expect(ret).toBeVisible();
  await button(ret, '裁定').click();
  await choose(page, modal(page), '裁定', '退单成立');
  await page.getByTestId('res-modal-submit').click();
  await expect(toast(page, '主办单位退单成立时，须指定新的主办单位')).toBeVisible();
  await choose(page, modal(page), '新主办单位', CITY_HOUSING);
  await submitModal(page);
  await expect(ours.getByText(`${SHUNDE_HOUSING} · 已退出`)).toBeVisible();
  const joint = (await (await apiAs(request, 'city.handler'))('GET', '/joint-handlings')) as { matterId: number; leadUnitId: number; returns: { decision: string; decidedOnTime: boolean }[] }[];
  const j = joint.find((x) => x.matterId === m.id)!;
  expect(j.leadUnitId).toBe(await unitId(request, CITY_HOUSING));
  expect(j.returns).toMatchObject([{ decision: 'upheld', decidedOnTime: true }]);
  // the matter page's 多元化解 panel shows who handles it now
  await ours.getByRole('link').click();
  await expect(page.getByTestId('matter-resolution')).toContainText(`${CITY_HOUSING} · 办理中`);
  await expect(page.getByTestId('matter-resolution')).toContainText(`${SHUNDE_HOUSING} · 已退出`);
  await page.screenshot({ path: 'test-results/screenshots/resolution-joint.png', fullPage: true });
  expect(w.errors).toEqual([]);
  expect(w.failed).toHaveLength(2);
  expect(w.failed[0]).toBe('400 POST /api/v1/joint-handlings');
  expect(w.failed[1]).toMatch(/^400 POST \/api\/v1\/joint-returns\/\d+\/arbitration$/);
});
