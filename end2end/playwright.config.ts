import { defineConfig } from '@playwright/test';

// Browser tests drive Debian's Chromium (`apt-get install chromium`); Playwright's
// own browser downloads are unavailable here, so never run `npx playwright install`.
//
// global-setup.ts seeds a fresh SQLite database with demo data, starts
// ../target/debug/coprocure on a free port and sets COPROCURE_E2E_BASE_URL,
// which tests/fixtures.ts turns into `baseURL`. Set COPROCURE_E2E_BASE_URL
// yourself to test an already running server instead.
export default defineConfig({
  testDir: './tests',
  globalSetup: require.resolve('./global-setup'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    baseURL: process.env.COPROCURE_E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});
