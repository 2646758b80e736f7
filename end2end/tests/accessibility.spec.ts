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

// Pages not already covered by the journey, error and no-JavaScript tests, each checked
// with axe in the states people see them in. The demo data has two challenges:
//   "Replacing our housing management systems": Camden leads, Hackney participant,
//     Islington observer, visible to London authorities;
//   "Joint parking permits and enforcement platform": Islington leads, public.
const HOUSING = 'Replacing our housing management systems';
const PARKING = 'Joint parking permits and enforcement platform';

test('signed-out pages: home, sign in, register, public challenge list and page', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prepare procurements together');
  await expectNoSeriousA11yViolations(page);

  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Coprocure');
  await expectNoSeriousA11yViolations(page);

  await page.goto('/register');
  await expectNoSeriousA11yViolations(page);

  await page.goto('/challenges');
  const table = page.getByTestId('challenge-table');
  await expect(table.getByRole('link', { name: PARKING })).toBeVisible();
  // Visible to London authorities only, so not to visitors.
  await expect(table.getByRole('link', { name: HOUSING })).toHaveCount(0);
  await expect(page.getByTestId('new-challenge')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  await table.getByRole('link', { name: PARKING }).click();
  await expect(page.getByTestId('challenge-title')).toHaveText(PARKING);
  await expect(page.getByTestId('edit-challenge')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test('challenge list filters, including an invalid filter', async ({ page }) => {
  await signIn(page, DEMO_USERS.camden);
  await page.goto('/challenges');
  await page.locator('#service_area').selectOption({ label: 'Housing' });
  await page.getByTestId('apply-filters').click();
  await expect(page).toHaveURL(/service_area=/);
  const table = page.getByTestId('challenge-table');
  await expect(table.getByRole('link', { name: HOUSING })).toBeVisible();
  await expect(table.getByRole('link', { name: PARKING })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  const response = await page.goto('/challenges?status=nonsense');
  expect(response?.status()).toBe(400);
  await expect(page.getByTestId('error-summary')).toContainText('Select a status from the list');
  await expect(page.locator('#status')).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
});

const RICH_STATEMENT = `Three boroughs run CCTV control rooms whose maintenance contracts end in 2027.

## The problem
- Cameras are repaired by **different contractors** in each borough.
- Faults are reported by email and tracked in spreadsheets.

## What we want to find out
Whether one [framework](https://www.example.org/framework) could serve all three, with *local* service levels.`;

test('lead authority pages of a challenge with several members and a join request', async ({ page, browser }) => {
  test.setTimeout(120_000);

  // Camden opens a challenge visible to London authorities and brings in two boroughs.
  await signIn(page, DEMO_USERS.camden);
  await page.goto('/challenges/new');
  const title = uniqueTitle('Shared CCTV control rooms');
  const challengePath = await createChallenge(page, title, 'authorities', RICH_STATEMENT);
  await page.getByTestId('manage-members').click();
  for (const [authority, role] of [['Hackney', 'Participant'], ['Islington', 'Observer']]) {
    await page.locator('#organisation_id').selectOption({ label: authority });
    await page.getByTestId('add-member-form').getByLabel(role).check();
    await page.getByTestId('add-member').click();
    await expect(page.getByTestId('member-row').filter({ hasText: authority })).toContainText(role);
  }
  await expect(page.getByTestId('member-row')).toHaveCount(3);

  // Brent is not a member but can see it, and asks to join.
  const brent = await browser.newContext();
  try {
    const brentPage = await brent.newPage();
    await signIn(brentPage, DEMO_USERS.brent);
    await brentPage.goto('/challenges');
    await brentPage.getByTestId('challenge-table').getByRole('link', { name: title }).click();
    await expect(brentPage.getByTestId('challenge-title')).toHaveText(title);
    await expect(brentPage.getByTestId('edit-challenge')).toHaveCount(0);
    await expectNoSeriousA11yViolations(brentPage); // with the "Ask to join" form

    await brentPage.getByLabel('Observer').check();
    await brentPage.locator('#message').fill('Brent renews its CCTV maintenance in 2028 and would like to follow this.');
    await brentPage.getByTestId('request-to-join').click();
    await expect(brentPage.getByTestId('join-pending')).toBeVisible();
    await expectNoSeriousA11yViolations(brentPage);
  } finally {
    await brent.close();
  }

  await page.goto('/');
  await expect(page.getByTestId('waiting')).toContainText(/Brent/);
  await expectNoSeriousA11yViolations(page); // home with "Waiting for you" and the challenge table

  await page.goto(challengePath);
  await expect(page.getByTestId('join-request')).toContainText('Brent asks to join as observer');
  await expect(page.getByTestId('change-status')).toBeVisible();
  const statement = page.getByTestId('problem-statement');
  await expect(statement.getByRole('heading', { name: 'The problem' })).toBeVisible();
  await expect(statement.locator('li')).toHaveCount(2);
  await page.screenshot({ path: '/tmp/coprocure-challenge-page.png', fullPage: true });
  await expectNoSeriousA11yViolations(page); // Markdown, status form, join request card

  await page.getByTestId('manage-members').click();
  await expectNoSeriousA11yViolations(page); // role selects, join request card, add form

  // Accept Brent from the members page.
  await page.getByTestId('accept-join').click();
  await expect(page.getByTestId('flash')).toBeVisible();
  await page.goto(`${challengePath}/members`);
  await expect(page.getByTestId('member-row').filter({ hasText: 'Brent' })).toContainText('Observer');

  // An invalid add: no authority chosen.
  await page.getByTestId('add-member').click();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await expect(page.getByTestId('error-summary').locator('a[href="#organisation_id"]')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Removing a member asks first; confirming removes them.
  await page.goto(`${challengePath}/members`);
  await page.getByTestId('member-row').filter({ hasText: 'Islington' }).getByRole('button', { name: /Remove/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Remove Islington from this challenge?');
  await expectNoSeriousA11yViolations(page);
  await page.getByTestId('confirm-member-change').click();
  await expect(page.getByTestId('flash')).toContainText('Authority removed');
  await expect(page.getByTestId('member-row').filter({ hasText: 'Islington' })).toHaveCount(0);

  // Handing over the lead asks first too; cancelling changes nothing.
  await page.getByTestId('member-row').filter({ hasText: 'Hackney' }).getByRole('button', { name: /Make lead/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Make Hackney the lead authority?');
  await expectNoSeriousA11yViolations(page);
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByTestId('member-row').filter({ hasText: 'Camden' })).toContainText('Lead authority');

  await page.goto(`${challengePath}/history`);
  await expect(page.getByTestId('history-table').locator('tbody tr').first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Changing the status with nothing chosen shows the error on the challenge page.
  await page.goto(challengePath);
  await page.getByTestId('change-status').click();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test('invitations: an org admin invites a colleague, who accepts', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, DEMO_USERS.camden);
  await page.getByRole('link', { name: 'Invite people' }).click();
  await expect(page).toHaveURL(/\/invitations$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invite people');
  await expectNoSeriousA11yViolations(page);

  // Errors first.
  await page.getByTestId('send-invitation').click();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const email = `new.officer.${Date.now()}@camden.gov.uk`;
  await page.locator('#email').fill(email);
  await page.getByTestId('send-invitation').click();
  const link = page.getByTestId('invitation-link');
  await expect(link).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const url = (await link.locator('code').innerText()).trim();
  expect(url).toMatch(/\/invitations\/[^/]+$/);
  await signOut(page);

  const invited = await browser.newContext();
  try {
    const invitee = await invited.newPage();
    await invitee.goto(new URL(url).pathname);
    await expect(invitee.getByTestId('invited-email')).toHaveText(email);
    await expectNoSeriousA11yViolations(invitee);
    await invitee.locator('#full_name').fill('Alex Morgan');
    await invitee.locator('#password').fill('correct horse battery staple');
    await invitee.locator('#password_confirmation').fill('correct horse battery staple');
    await invitee.getByTestId('accept-invitation').click();
    await expect(invitee.getByTestId('signed-in-as')).toContainText('Alex Morgan');
  } finally {
    await invited.close();
  }
});

test('platform admin outbox', async ({ page }) => {
  await signIn(page, DEMO_USERS.admin);
  await page.getByRole('link', { name: 'Outbox' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Email outbox');
  await expectNoSeriousA11yViolations(page);
});

test('a supplier cannot open a challenge and sees why', async ({ page }) => {
  await signIn(page, DEMO_USERS.supplier);
  const response = await page.goto('/challenges/new');
  expect(response?.status()).toBe(403);
  await expectNoSeriousA11yViolations(page);
});
