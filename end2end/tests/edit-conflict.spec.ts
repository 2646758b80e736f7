import { test, expect, signIn, createChallenge, uniqueTitle, expectNoSeriousA11yViolations, DEMO_USERS } from './fixtures';

// Two officers edit the same challenge at once: the second save must not overwrite the
// first silently. It comes back with what is saved now and the person's own text kept.
test('a stale save shows the conflict panel and keeps what was typed', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO_USERS.camden);
  await page.goto('/challenges/new');
  const title = uniqueTitle('Shared CCTV maintenance');
  const path = await createChallenge(page, title, 'private');
  await page.getByTestId('manage-members').click();
  await page.locator('#organisation_id').selectOption({ label: 'Brent' });
  await page.getByTestId('add-member').click();
  await expect(page.getByTestId('member-row').filter({ hasText: 'Brent' })).toHaveCount(1);

  // Camden opens the edit form and leaves it open.
  await page.goto(`${path}/edit`);
  await expect(page.locator('#title')).toHaveValue(title);

  // Meanwhile Brent saves a change.
  const brentContext = await browser.newContext();
  try {
    const brent = await brentContext.newPage();
    await signIn(brent, DEMO_USERS.brent);
    await brent.goto(`${path}/edit`);
    await brent.locator('#title').fill(`${title} – Brent's version`);
    await brent.getByTestId('save-challenge').click();
    await expect(brent.getByTestId('flash')).toContainText('Your changes have been saved');
  } finally {
    await brentContext.close();
  }

  // Camden's save is now based on an old version.
  const camdenTitle = `${title} – Camden's version`;
  await page.locator('#title').fill(camdenTitle);
  const responsePromise = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`${path}/edit`));
  await page.getByTestId('save-challenge').click();
  expect((await responsePromise).status()).toBe(409);

  const conflict = page.getByTestId('conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Tom Okafor');
  await expect(conflict.getByTestId('saved-version')).toContainText(`${title} – Brent's version`);
  await expect(page.locator('#title')).toHaveValue(camdenTitle);
  await expectNoSeriousA11yViolations(page);

  // Saving again, now knowingly over Brent's version, works.
  await page.getByTestId('save-challenge').click();
  await expect(page).toHaveURL(path);
  await expect(page.getByTestId('challenge-title')).toHaveText(camdenTitle);
});
