/**
 * After the browser journeys: the temporary directory of their server's database and keys (playwright.config.ts
 * makes one for each run, about 45 MB) is removed, so runs do not pile up in the machine's temporary directory.
 */
import fs from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.FQ_E2E_DIR;
  if (dir && dir.includes('fq-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
