import {
  test,
  expect,
  signIn,
  signOut,
  createChallenge,
  uniqueTitle,
  expectNoSeriousA11yViolations,
  DEMO_USERS,
} from './fixtures';

// The journey the issue asks for: Camden opens a private challenge and brings Brent in;
// Brent edits it; a supplier outside the challenge cannot even tell it exists.
test('Camden opens a private challenge, adds Brent, Brent edits it, a supplier gets 404', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const title = uniqueTitle('Joint repairs scheduling');
  const renamed = `${title} (Brent edit)`;
  let challengePath = '';

  await test.step('Camden officer signs in and opens a private challenge', async () => {
    await signIn(page, DEMO_USERS.camden);
    await expect(page.getByTestId('signed-in-as')).toContainText('Priya Shah');
    await expectNoSeriousA11yViolations(page); // home, signed in

    await page.goto('/challenges');
    await expect(page.getByRole('heading', { level: 1, name: 'Challenges' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByTestId('new-challenge').click();
    await expect(page).toHaveURL(/\/challenges\/new$/);
    await expectNoSeriousA11yViolations(page);

    challengePath = await createChallenge(page, title, 'private');
    await expect(page.getByTestId('flash')).toContainText('Challenge opened as a draft');
    await expect(page.getByTestId('lead-authority')).toHaveText(/Camden/);
    await expect(page.getByText('Private', { exact: true })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });

  await test.step('Camden adds Brent as a participant on the members page', async () => {
    await page.getByTestId('manage-members').click();
    await expect(page).toHaveURL(`${challengePath}/members`);
    await expect(page.getByRole('heading', { level: 1, name: 'Member authorities' })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const form = page.getByTestId('add-member-form');
    await form.locator('#organisation_id').selectOption({ label: 'Brent' });
    await form.getByLabel('Participant').check();
    await page.getByTestId('add-member').click();

    const brentRow = page.getByTestId('member-row').filter({ hasText: 'Brent' });
    await expect(brentRow).toHaveCount(1);
    await expect(brentRow.locator('td').nth(1)).toHaveText('Participant');
    await expectNoSeriousA11yViolations(page); // members page after a change (with flash)

    await page.goto(challengePath);
    await expect(page.getByTestId('members-table')).toContainText('Brent');
  });

  await test.step('Camden signs out', async () => {
    await signOut(page);
    await expectNoSeriousA11yViolations(page); // home, signed out, with the flash
  });

  await test.step('Brent officer opens the challenge and changes its title', async () => {
    await signIn(page, DEMO_USERS.brent);
    await expect(page.getByTestId('signed-in-as')).toContainText('Tom Okafor');
    const response = await page.goto(challengePath);
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId('challenge-title')).toHaveText(title);
    await expect(page.getByTestId('own-role')).toContainText('participant');
    // A participant edits but does not manage members.
    await expect(page.getByTestId('manage-members')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    await page.getByTestId('edit-challenge').click();
    await expect(page).toHaveURL(`${challengePath}/edit`);
    await expect(page.getByRole('heading', { level: 1, name: 'Edit challenge' })).toBeVisible();
    const titleInput = page.getByTestId('challenge-form').locator('#title');
    await expect(titleInput).toHaveValue(title);
    await expect(page.locator('input[type=hidden][name=version]')).toHaveCount(1);
    await expectNoSeriousA11yViolations(page);

    await titleInput.fill(renamed);
    await page.getByTestId('save-challenge').click();
    await expect(page).toHaveURL(challengePath);
    await expect(page.getByTestId('flash')).toContainText('Your changes have been saved');
    await expect(page.getByTestId('challenge-title')).toHaveText(renamed);
    await expectNoSeriousA11yViolations(page);

    // Reloading shows it was stored, not just echoed.
    await page.reload();
    await expect(page.getByTestId('challenge-title')).toHaveText(renamed);
    await expect(page.getByTestId('flash')).toHaveCount(0);
  });

  await test.step('the history shows both authorities’ changes', async () => {
    await page.getByTestId('history-link').click();
    await expect(page).toHaveURL(`${challengePath}/history`);
    const history = page.getByTestId('history-table');
    await expect(history).toBeVisible();
    await expect(history).toContainText('Tom Okafor');
    await expect(history).toContainText('Priya Shah');
    await expectNoSeriousA11yViolations(page);
    await signOut(page);
  });

  await test.step('a supplier, in a fresh browser context, gets "Page not found"', async () => {
    const context = await browser.newContext();
    try {
      const supplier = await context.newPage();
      await signIn(supplier, DEMO_USERS.supplier);
      const response = await supplier.goto(challengePath);
      expect(response?.status(), `GET ${challengePath} as the supplier`).toBe(404);
      await expect(supplier).toHaveTitle(/^Page not found/);
      await expect(supplier.getByRole('heading', { level: 1 })).toHaveText('Page not found');
      await expect(supplier.locator('body')).not.toContainText(renamed);
      await expect(supplier.locator('body')).not.toContainText(title);
      await expectNoSeriousA11yViolations(supplier);

      // Nor can the supplier reach it sideways.
      for (const sub of ['edit', 'members', 'history']) {
        const res = await supplier.goto(`${challengePath}/${sub}`);
        expect(res?.status(), `GET ${challengePath}/${sub} as the supplier`).toBe(404);
      }
    } finally {
      await context.close();
    }
  });

  await test.step('a signed-out visitor is sent to sign in, whether or not the challenge exists', async () => {
    await page.goto(challengePath);
    await expect(page).toHaveURL(/\/sign-in\?return_to=/);
    await expect(page.locator('body')).not.toContainText(renamed);
  });
});
