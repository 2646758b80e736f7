import { test as base, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// Shared helpers for the browser tests. Import `test` and `expect` from here,
// not from '@playwright/test', so `baseURL` points at the server that
// global-setup.ts started.

/** Password of every demo account created by `coprocure seed --demo`. */
export const DEMO_PASSWORD = 'Coprocure-demo-2026';

/** Demo accounts created by `coprocure seed --demo`. */
export const DEMO_USERS = {
  camden: 'camden.officer@camden.gov.uk', // Priya Shah, Camden, organisation admin
  brent: 'brent.officer@brent.gov.uk', // Tom Okafor, Brent
  hackney: 'hackney.officer@hackney.gov.uk',
  islington: 'islington.officer@islington.gov.uk',
  supplier: 'supplier@housing-systems.example', // Housing Systems Ltd
  admin: 'admin@coprocure.local', // platform admin
} as const;

export const test = base.extend({
  baseURL: async ({ baseURL }, use) => {
    await use(process.env.COPROCURE_E2E_BASE_URL || baseURL);
  },
});

export { expect };

/** Signs in on /sign-in as a demo user and waits until the browser has left the sign-in page. */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page, `signing in as ${email} should leave /sign-in`).not.toHaveURL(/\/sign-in(?:[?#]|$)/);
}

/**
 * Runs axe-core on the current page and fails on any violation of impact
 * "serious" or "critical", listing each one with the offending elements.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    const report = serious
      .map((v) => {
        const nodes = v.nodes
          .map((n) => `    - ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`)
          .join('\n');
        return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
      })
      .join('\n\n');
    expect(serious.length, `serious/critical accessibility violations on ${page.url()}:\n${report}`).toBe(0);
  }
}
