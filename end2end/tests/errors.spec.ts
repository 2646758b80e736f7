import { test, expect, signIn, expectNoSeriousA11yViolations, DEMO_USERS, DEMO_PASSWORD } from './fixtures';
import type { Page } from '@playwright/test';

/** Every error-summary link must point at an element on the page (GOV.UK: links go to the field). */
async function expectSummaryLinksResolve(page: Page): Promise<string[]> {
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length, 'the error summary lists at least one error').toBeGreaterThan(0);
  for (const href of hrefs) {
    expect(href, 'error summary links are in-page fragments').toMatch(/^#.+/);
    await expect(page.locator(href), `${href} should exist on the page`).toHaveCount(1);
  }
  return hrefs;
}

test.describe('new challenge form errors', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, DEMO_USERS.camden);
  });

  test('an empty form shows the error summary with links to each field', async ({ page }) => {
    await page.goto('/challenges/new');
    const responsePromise = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/challenges/new'));
    await page.getByTestId('save-challenge').click();
    const response = await responsePromise;
    expect(response.status()).toBe(422);

    await expect(page).toHaveTitle(/^Error: /);
    const hrefs = await expectSummaryLinksResolve(page);
    expect(hrefs).toEqual(expect.arrayContaining(['#title', '#problem_statement', '#service_area']));

    // Each field shows its own message next to it.
    for (const field of ['title', 'problem_statement', 'service_area']) {
      await expect(page.locator(`#${field}-error`)).toBeVisible();
      await expect(page.locator(`#${field}`)).toHaveAttribute('aria-describedby', new RegExp(`${field}-error`));
    }

    // Following a summary link moves focus to the field.
    await page.getByTestId('error-summary').locator('a[href="#problem_statement"]').click();
    await expect(page.locator('#problem_statement')).toBeFocused();

    await expectNoSeriousA11yViolations(page);
  });

  test('what was typed is kept when the form comes back with errors', async ({ page }) => {
    await page.goto('/challenges/new');
    const form = page.getByTestId('challenge-form');
    const typedTitle = 'Shared temporary accommodation booking';
    await form.locator('#title').fill(typedTitle);
    await form.locator('#visibility-public').check();
    await page.getByTestId('save-challenge').click();

    await expect(page.getByTestId('error-summary')).toBeVisible();
    await expect(page.locator('#title')).toHaveValue(typedTitle);
    await expect(page.locator('#title-error')).toHaveCount(0);
    await expect(page.locator('#visibility-public')).toBeChecked();
    const hrefs = await expectSummaryLinksResolve(page);
    expect(hrefs).not.toContain('#title');
    expect(hrefs).toEqual(expect.arrayContaining(['#problem_statement', '#service_area']));

    await page.screenshot({ path: '/tmp/coprocure-new-challenge-errors.png', fullPage: true });
    await expectNoSeriousA11yViolations(page);
  });

  test('markup typed into the problem statement comes back as text, not HTML', async ({ page }) => {
    await page.goto('/challenges/new');
    const typed = 'Before </textarea><script>window.__pwned = true</script><b id="injected">bold</b> & after';
    await page.locator('#title').fill('Markup check');
    await page.locator('#problem_statement').fill(typed);
    await page.getByTestId('save-challenge').click(); // no service area: comes back with errors
    await expect(page.getByTestId('error-summary')).toBeVisible();
    await expect(page.locator('#problem_statement')).toHaveValue(typed);
    await expect(page.locator('#injected')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  });
});

test.describe('sign-in errors', () => {
  test('a wrong password shows the error and keeps the email address', async ({ page }) => {
    await page.goto('/sign-in');
    await expectNoSeriousA11yViolations(page);
    await page.locator('#email').fill(DEMO_USERS.islington);
    await page.locator('#password').fill(`${DEMO_PASSWORD}-wrong`);
    await page.getByTestId('sign-in-submit').click();

    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page).toHaveTitle(/^Error: /);
    const summary = page.getByTestId('error-summary');
    await expect(summary).toContainText('Enter a correct email address and password');
    await expectSummaryLinksResolve(page);
    await expect(page.locator('#email-error')).toContainText('Enter a correct email address and password');
    await expect(page.locator('#email')).toHaveValue(DEMO_USERS.islington);
    await expect(page.locator('#password')).toHaveValue('');
    await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    // The right password still works afterwards.
    await signIn(page, DEMO_USERS.islington);
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
  });

  test('an empty sign-in form asks for both fields', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByTestId('sign-in-submit').click();
    const hrefs = await expectSummaryLinksResolve(page);
    expect(hrefs).toEqual(['#email', '#password']);
    await expect(page.getByTestId('error-summary')).toContainText('Enter your email address');
    await expect(page.getByTestId('error-summary')).toContainText('Enter your password');
    await expectNoSeriousA11yViolations(page);
  });
});

test('supplier registration with errors keeps what was typed', async ({ page }) => {
  await page.goto('/register');
  await expect(page.getByRole('heading', { level: 1, name: 'Register as a supplier' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.locator('#company_name').fill('Tenant Apps Ltd');
  await page.getByTestId('register-submit').click();
  await expectSummaryLinksResolve(page);
  await expect(page.locator('#company_name')).toHaveValue('Tenant Apps Ltd');
  await expectNoSeriousA11yViolations(page);
});

test('an unknown address shows the 404 page', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle(/^Page not found/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expectNoSeriousA11yViolations(page);
});
