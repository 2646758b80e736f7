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
 *
 * axe needs timers, which do not run in a context with `javaScriptEnabled: false`.
 * There the page's HTML, as the browser has it and without its scripts, is
 * checked in a scratch JavaScript-enabled context at the same address, so the
 * styles and layout are those a person without JavaScript sees.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const scriptsRan = await page.evaluate(() => document.body.classList.contains('js-enabled'));
  if (scriptsRan) {
    await checkAxe(page, page.url());
    return;
  }
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const browser = page.context().browser();
  if (!browser) throw new Error('expectNoSeriousA11yViolations: the page has no browser');
  // Say so explicitly: in tests, browser.newContext() inherits the `use` options.
  const scratch = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
  try {
    const copy = await scratch.newPage();
    await copy.route(
      (u) => u.href === url,
      (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(url);
    await checkAxe(copy, `${url} (JavaScript off)`);
  } finally {
    await scratch.close();
  }
}

async function checkAxe(page: Page, where: string): Promise<void> {
  // axe 4.11 no longer reports duplicate ids, and only half-checks id references:
  // check both here, since labels, hints and error messages all hang on ids.
  const idProblems = await page.evaluate(() => {
    const problems: string[] = [];
    const counts = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) counts.set(el.id, (counts.get(el.id) ?? 0) + 1);
    for (const [id, n] of counts) if (n > 1) problems.push(`id "${id}" is used ${n} times`);
    for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for']) {
      for (const el of Array.from(document.querySelectorAll(`[${attr}]`))) {
        for (const ref of (el.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean)) {
          if (!document.getElementById(ref)) problems.push(`<${el.tagName.toLowerCase()} ${attr}="${el.getAttribute(attr)}">: no element has id "${ref}"`);
        }
      }
    }
    return problems;
  });
  expect(idProblems, `id problems on ${where}`).toEqual([]);

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
    expect(serious.length, `serious/critical accessibility violations on ${where}:\n${report}`).toBe(0);
  }
}

/** Signs out with the header's "Sign out" button and waits for the signed-out home page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
  await expect(page.locator('.govuk-header')).toContainText('Sign in');
}

/** A title nobody else's test will have used, so lookups by title find this run's challenge. */
export function uniqueTitle(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/**
 * Fills /challenges/new (already open in `page`) and submits it; returns the new
 * challenge's path, /challenges/{id}. Picks the first service area.
 */
export async function createChallenge(
  page: Page,
  title: string,
  visibility: 'private' | 'authorities' | 'public' = 'private',
  problem = 'Three boroughs need a shared way to plan **housing repairs**.\n\n- Tenants wait too long\n- Officers re-key data',
): Promise<string> {
  const form = page.getByTestId('challenge-form');
  await form.locator('#title').fill(title);
  await form.locator('#problem_statement').fill(problem);
  await form.locator('#service_area').selectOption({ index: 1 });
  const radioId = visibility === 'private' ? 'visibility' : `visibility-${visibility}`;
  await form.locator(`#${radioId}`).check();
  await page.getByTestId('save-challenge').click();
  await expect(page, 'saving a new challenge should open its page').toHaveURL(/\/challenges\/(?!new(?:[?#]|$))[^/?#]+$/);
  await expect(page.getByTestId('challenge-title')).toHaveText(title);
  return new URL(page.url()).pathname;
}
