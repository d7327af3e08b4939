// Screenshots for docs/screenshots/: written only when MAMORU_UPDATE_SCREENSHOTS=1, so a test run never changes
// committed files by itself (`npm run screenshots` sets it).
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

const DIR = resolve(import.meta.dirname, '../../docs/screenshots');

export async function saveScreenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.MAMORU_UPDATE_SCREENSHOTS !== '1') return;
  // Charts animate in; wait for them to settle before taking the picture.
  await page.waitForTimeout(1500);
  await page.screenshot({ path: resolve(DIR, name), fullPage: opts.fullPage ?? true });
}
