/**
 * Browser journeys of the staff workbench (issue 3) in the machine's Chromium (Debian's `chromium`, installed by
 * scripts/ensure-system.sh; Playwright never downloads a browser here). The web server is the platform itself on a
 * fresh temporary SQLite database with the demo data, on a free port, serving the built workbench (npm run build:web).
 */
import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

// The config is evaluated again in every worker: the first evaluation (the runner) picks the port and the database
// and leaves them in the environment, which the workers inherit.
if (!process.env.FQ_E2E_PORT) {
  // a free port, asked of the kernel in a child process (the config is synchronous)
  const port = execFileSync(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"]).toString().trim();
  process.env.FQ_E2E_PORT = port;
  process.env.FQ_E2E_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'fq-e2e-'));
}
const port = Number(process.env.FQ_E2E_PORT);
const dir = process.env.FQ_E2E_DIR!;

export default defineConfig({
  testDir: 'test/e2e',
  globalTeardown: './test/e2e/global-teardown.ts',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  // on CI a journey that fails is run once more and reported as flaky (a loaded 2-core machine); never locally
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: {
    command: 'npx tsx src/cli.ts serve --demo-if-empty',
    url: `http://127.0.0.1:${port}/api/v1/openapi.json`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: path.join(dir, 'e2e.db'), FENGQIAO_KEY_FILE: path.join(dir, 'keys.json'),
      FENGQIAO_DEMO_MATTERS: '120', LOG_LEVEL: 'warn',
      // the journeys log in dozens of times a minute from one address (the limit itself is tested in test/http)
      FENGQIAO_LOGIN_RATE_PER_MIN: '1000',
    },
  },
});
