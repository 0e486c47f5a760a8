/**
 * Video reception in real Chromium (issue 8): fake camera and microphone, three pages joining the same room over
 * the platform's own WebSocket signalling. The host opens the room; a petitioner and then a higher level wait in
 * the waiting room and are admitted; every page must show connected peers with video frames arriving.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { as, platform, type Platform } from '../helpers/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('视频接访 video reception in Chromium', { skip: fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (scripts/ensure-system.sh installs it)` }, () => {
  let p: Platform;
  let browser: Browser;
  let base: string;

  before(async () => {
    p = await platform('sqlite', { now: new Date().toISOString() });
    base = await p.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
    });
  });
  after(async () => {
    await browser?.close();
    await p?.close();
  });

  async function open(url: string, name: string): Promise<Page> {
    const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
    const page = await ctx.newPage();
    await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}name=${encodeURIComponent(name)}`);
    await page.click('#join');
    return page;
  }

  /** Every peer of the page connected, and every remote video decoding frames with its clock moving. */
  async function connectedWithVideo(page: Page, expectedPeers: number) {
    await page.waitForFunction((n) => {
      const v = (window as any).__video;
      if (!v || v.peers.size !== n) return false;
      return [...v.peers.values()].every((x: any) => x.pc.connectionState === 'connected' && x.video.videoWidth > 0);
    }, expectedPeers, { timeout: 20_000 });
    const t0 = await page.evaluate(() => [...(window as any).__video.peers.values()].map((x: any) => x.video.currentTime as number));
    await page.waitForFunction((before) => [...(window as any).__video.peers.values()].every((x: any, i: number) => x.video.currentTime > (before[i] ?? 0)), t0, { timeout: 10_000 });
    const frames = await page.evaluate(async () => {
      const out: number[] = [];
      for (const x of (window as any).__video.peers.values()) {
        let decoded = 0;
        (await x.pc.getStats()).forEach((s: any) => { if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded ?? 0; });
        out.push(decoded);
      }
      return out;
    });
    assert.equal(frames.length, expectedPeers);
    for (const f of frames) assert.ok(f > 0, `frames decoded ${f}`);
    assert.match(await page.textContent('#status') ?? '', new RegExp(`已连接 ${expectedPeers} 方`));
  }

  test('two pages connect with video, then a third (a higher level) joins', { timeout: 60_000 }, async () => {
    const staff = await as(p, 'city.handler');
    // the host opens the room on the page itself, logged in with the workbench's cookie session
    const hostCtx = await browser.newContext({ permissions: ['camera', 'microphone'] });
    const host = await hostCtx.newPage();
    await host.goto(`${base}/video`);
    const login = await host.evaluate(async () => (await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'city.handler', password: 'fengqiao-demo', cookie: true }) })).status);
    assert.equal(login, 200);
    await host.fill('#openTitle', '市信访局视频接访');
    await host.click('#openBtn');
    await host.waitForSelector('#openMsg a');
    const joinUrl = /\/video\?room=[\w-]+/.exec(await host.textContent('#openMsg') ?? '')?.[0];
    assert.ok(joinUrl, 'the join link is shown');
    await host.click('#openMsg a');
    await host.waitForURL(/key=/);
    await host.fill('#name', '市信访局接访人');
    await host.click('#join');
    await host.waitForSelector('text=接访中');
    const rooms = await staff('GET', '/video/rooms');
    const room = { body: { id: rooms.body[0].id as number, url: joinUrl } };

    const petitioner = await open(room.body.url as string, '乐从镇信访办 来访人');
    await petitioner.waitForSelector('text=等候中');
    await host.click('button.admit');
    await connectedWithVideo(host, 1);
    await connectedWithVideo(petitioner, 1);

    const province = await open(room.body.url as string, '省信访局');
    await host.click('button.admit');
    await connectedWithVideo(province, 2);
    await connectedWithVideo(host, 2);
    await connectedWithVideo(petitioner, 2);

    // ending writes the minutes into the record
    await host.fill('#minutes', '来访人反映征地补偿问题，责成区住建局十五日内答复。');
    host.once('dialog', (d) => void d.accept());
    await host.click('#end');
    await petitioner.waitForSelector('text=视频接访已结束');
    const rec = await staff('GET', `/video/records?roomId=${room.body.id as number}`);
    assert.equal(rec.status, 200);
    const kinds = (rec.body as { kind: string; text: string }[]).map((r) => r.kind);
    assert.deepEqual(kinds.filter((k) => k === 'admit').length, 2);
    assert.ok((rec.body as { kind: string; text: string }[]).some((r) => r.kind === 'minutes' && r.text.includes('征地补偿')));
  });

  test('the hall board shows called numbers and their windows, polling the public queue', { timeout: 30_000 }, async () => {
    const registrar = await as(p, 'city.registrar');
    const t = await registrar('POST', '/hall/tickets', { visitorName: '甲' });
    await registrar('POST', '/hall/tickets', {});
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/hall/board?unit=${p.unitId('city.bureau')}`);
    await page.waitForSelector('#waiting span');
    assert.equal(await page.locator('#called tr').count(), 0);
    await registrar('POST', '/hall/call-next', { window: '5' });
    const row = page.locator(`#called tr[data-code="${t.body.code as string}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.textContent() ?? '', /5 号窗口/);
    assert.doesNotMatch(await page.content(), /甲/); // no names on the public screen
  });
});
