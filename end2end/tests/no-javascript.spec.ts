import { test, expect, createChallenge, uniqueTitle, expectNoSeriousA11yViolations, DEMO_USERS, DEMO_PASSWORD } from './fixtures';

// Every page is server-rendered HTML with ordinary forms, so the service must work
// with JavaScript switched off (or failed to load).
test.use({ javaScriptEnabled: false });

test('without JavaScript an officer can sign in and open a challenge', async ({ page }) => {
  await page.goto('/sign-in');
  await page.locator('#email').fill(DEMO_USERS.hackney);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('signed-in-as')).toContainText('Hackney');

  await page.goto('/challenges/new');
  await expect(page.getByTestId('challenge-form')).toBeVisible();
  // The Preview island needs the wasm bundle: without JavaScript it stays hidden.
  await expect(page.getByTestId('preview-markdown')).toBeHidden();
  await expectNoSeriousA11yViolations(page);

  // Server-side validation works without scripts too.
  await page.getByTestId('save-challenge').click();
  await expect(page.getByTestId('error-summary')).toBeVisible();

  const title = uniqueTitle('No-JS parking permits');
  const path = await createChallenge(page, title, 'authorities');
  await expect(page.getByTestId('flash')).toContainText('Challenge opened as a draft');
  await expect(page.getByTestId('lead-authority')).toHaveText(/Hackney/);
  await expect(page.getByTestId('problem-statement').locator('strong')).toHaveText('housing repairs');
  await expectNoSeriousA11yViolations(page);

  // It is listed, and signing out works with a plain form post.
  await page.goto('/challenges');
  await expect(page.getByTestId('challenge-table').getByRole('link', { name: title })).toHaveAttribute('href', path);
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('signed-in-as')).toHaveCount(0);
});
