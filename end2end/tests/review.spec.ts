import { readFile } from 'node:fs/promises';
import { test, expect, signIn, signOut, createChallenge, uniqueTitle, expectNoSeriousA11yViolations, DEMO_USERS } from './fixtures';

// Issue 4, reviewing: Camden publishes a notice with one question, the demo supplier
// answers it, and Camden, as the lead, declares no conflict of interest, reads the
// response, compares the question across suppliers, adds a private note and downloads the
// CSV. Everything is set up through the pages, as people would; axe runs on every review
// page visited, findings reported together at the end.

test('the lead declares, reviews a submitted response, compares a question, notes it and downloads the CSV', async ({ page }) => {
  test.setTimeout(180_000);
  const a11yFailures: string[] = [];
  const a11y = async (label: string) => {
    await test.step(`axe: ${label}`, async () => {
      try {
        await expectNoSeriousA11yViolations(page);
      } catch (e) {
        a11yFailures.push(`${label} (${page.url()}):\n${e instanceof Error ? e.message : String(e)}`);
      }
    });
  };

  const stamp = Date.now().toString(36);
  const title = uniqueTitle('Repairs software market test');
  const question = `Where would tenants' data be hosted? ${stamp}`;
  const answer = `In UK data centres, "ISO 27001" certified ${stamp}`;
  const note = `Strong on security; ask about pricing ${stamp}`;
  let path = '';
  let reference = '';

  await test.step('Camden drafts and publishes a notice with one question', async () => {
    await signIn(page, DEMO_USERS.camden);
    await page.goto('/challenges/new');
    path = await createChallenge(page, title, 'private');
    await page.goto(`${path}/notice`);
    await page.getByTestId('start-notice').click();

    const details = page.getByTestId('notice-details-form');
    await details.locator('#title').fill(`Repairs software ${stamp}`);
    await details.locator('#description').fill('We would like to hear from suppliers of housing repairs software.');
    const year = String(new Date().getFullYear() + 1);
    await details.locator('#closes_at').fill('15');
    await details.locator('#closes_at-month').fill('6');
    await details.locator('#closes_at-year').fill(year);
    await details.locator('#closes_at-time').fill('5pm');
    await details.locator('#clarification_deadline').fill('1');
    await details.locator('#clarification_deadline-month').fill('6');
    await details.locator('#clarification_deadline-year').fill(year);
    await details.locator('#clarification_deadline-time').fill('5pm');
    await details.locator('#contact_name').fill('Priya Shah');
    await details.locator('#contact_email').fill('camden.officer@camden.gov.uk');
    await page.getByTestId('save-notice').click();

    await page.locator('#cpv_code').fill('72000000');
    await page.getByTestId('cpv-add-code').click();
    await expect(page.getByTestId('chosen-cpv-code')).toHaveCount(1);

    const questionForm = page.getByTestId('question-form');
    await questionForm.locator('#question_prompt').fill(question);
    await questionForm.getByLabel('Free text', { exact: true }).check();
    await questionForm.locator('#question_word_limit').fill('300');
    await questionForm.getByLabel('No, it is optional').check();
    await page.getByTestId('save-question').click();
    await expect(page.getByTestId('question')).toHaveCount(1);

    await page.getByTestId('publish-notice').click();
    await expect(page, 'publishing opens the public notice').toHaveURL(/\/notices\/[^/]+$/);
    reference = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(reference, 'the published notice has a reference').not.toEqual('');
    await signOut(page);
  });

  await test.step('the supplier answers the question and submits', async () => {
    await signIn(page, DEMO_USERS.supplier);
    await page.goto(`/notices/${reference}/response`);
    await page.getByTestId('response-form').locator('textarea').first().fill(answer);
    await page.getByTestId('submit-response').click();
    await expect(page.getByTestId('submission')).toHaveCount(1);
    await signOut(page);
  });

  await test.step('Camden opens the responses and is asked to declare first', async () => {
    await signIn(page, DEMO_USERS.camden);
    await page.goto(path);
    await page.getByRole('link', { name: 'Supplier responses' }).click();
    await expect(page).toHaveURL(/\/responses\/declaration\?return_to=/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Declare any conflict of interest');
    await a11y('declaration form');

    // Saying nothing is refused with a message linked to the question.
    await page.getByTestId('declare').click();
    await expect(page.getByTestId('error-summary')).toContainText('Select whether you have a conflict of interest');
    await a11y('declaration form with an error');

    await page.getByLabel('No, I have no conflict of interest').check();
    await page.getByTestId('declare').click();
    await expect(page).toHaveURL(new RegExp(`${path}/responses$`));
    await expect(page.getByTestId('own-declaration')).toContainText('You declared no conflict of interest');
    await expect(page.getByTestId('declarations')).toContainText('Priya Shah');
    await expect(page.getByTestId('respondent')).toHaveCount(1);
    await expect(page.getByTestId('respondent')).toContainText('Housing Systems Ltd');
    await a11y('responses table');
  });

  await test.step('Camden reads the response and adds a private note', async () => {
    await page.getByTestId('respondent-link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Housing Systems Ltd');
    await expect(page.getByTestId('answers')).toContainText(answer);
    await expect(page.getByTestId('shown-submission')).toContainText('Submission 1');
    await a11y('one response');

    await page.getByTestId('add-note').click();
    await expect(page.getByTestId('error-summary')).toContainText('Enter your note');
    await a11y('one response with an error');
    await page.locator('#note').fill(note);
    await page.getByTestId('add-note').click();
    await expect(page.getByTestId('note')).toHaveCount(1);
    await expect(page.getByTestId('note')).toContainText(note);
    await expect(page.getByTestId('note')).toContainText('Priya Shah');

    await page.locator('#tag').fill('shortlist');
    await page.getByTestId('add-tag').click();
    await expect(page.getByTestId('tag')).toHaveText(['shortlist']);
    await a11y('one response with a note and a tag');
  });

  await test.step('Camden compares the question across suppliers', async () => {
    await page.getByRole('link', { name: 'Back to all responses' }).first().click();
    await page.getByTestId('question-link').first().click();
    await expect(page.getByTestId('question-prompt')).toHaveText(question);
    await expect(page.getByTestId('compared-answer')).toHaveCount(1);
    await expect(page.getByTestId('compared-answer')).toContainText(answer);
    await a11y('question compared');
  });

  await test.step('Camden downloads every answer as CSV', async () => {
    await page.getByRole('link', { name: 'Back to all responses' }).first().click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/-responses\.csv$/);
    const file = await download.path();
    const csv = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(`supplier,submitted_at,submission,Q1. ${question}`);
    // The answer's quotes are doubled inside a quoted field.
    expect(lines[1]).toContain(`Housing Systems Ltd,`);
    expect(lines[1]).toContain(`,1,"${answer.replace(/"/g, '""')}"`);
  });

  expect(a11yFailures, a11yFailures.join('\n\n')).toEqual([]);
});
