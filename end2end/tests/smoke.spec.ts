import { test, expect, expectNoSeriousA11yViolations } from './fixtures';

test('home page loads, has an h1 and passes the accessibility check', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status(), 'GET / status').toBe(200);
  await expect(page.locator('h1').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('health check and static assets are served', async ({ request }) => {
  for (const path of ['/healthz', '/assets/coprocure.css', '/assets/govuk-frontend.min.js']) {
    const res = await request.get(path);
    expect(res.status(), `GET ${path}`).toBe(200);
  }
});
