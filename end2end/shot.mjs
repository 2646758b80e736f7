// scratch helper (deleted later): node shot.mjs <path> <out.png> [email]
import { chromium } from '@playwright/test';
const [,, path, out, email, width] = process.argv;
const base = 'http://127.0.0.1:3917';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width || 1280), height: 800 } });
if (email) {
  await page.goto(base + '/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', 'Coprocure-demo-2026');
  await page.click('[data-testid=sign-in-submit]');
  await page.waitForLoadState();
}
await page.goto(base + path);
await page.waitForTimeout(1000);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
