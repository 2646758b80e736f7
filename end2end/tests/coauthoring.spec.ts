import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, signIn, createChallenge, uniqueTitle, expectNoSeriousA11yViolations, DEMO_USERS } from './fixtures';

// Issue 3: Camden and Brent officers co-author the user needs and buying criteria of one
// challenge at the same time, in two browser contexts. Covers the live list (no reload),
// the edit conflict and merge, the weight rule before sign-off, sign-off, the matrix, the
// pack downloads, and axe on every page involved.
//
// The steps share one challenge, so they run in order in one test. Accessibility findings
// are collected and reported together at the end, so that one page's violation does not
// hide the behaviour of the pages after it.

declare global {
  interface Window {
    __marker?: number;
  }
}

test('Camden and Brent co-author needs and criteria live, resolve a conflict, sign off and export the pack', async ({
  page: camden,
  browser,
}) => {
  test.setTimeout(240_000);
  const a11yFailures: string[] = [];
  const a11y = async (p: Page, label: string) => {
    await test.step(`axe: ${label}`, async () => {
      try {
        await expectNoSeriousA11yViolations(p);
      } catch (e) {
        a11yFailures.push(`${label} (${p.url()}):\n${e instanceof Error ? e.message : String(e)}`);
      }
    });
  };

  const title = uniqueTitle('Shared repairs reporting');
  const stamp = Date.now().toString(36);
  const need = {
    asA: 'council tenant',
    iNeed: `to report a repair online ${stamp}`,
    soThat: 'it is fixed without phoning the council',
  };
  const brentText = `to report a repair online and track it ${stamp}`;
  const camdenText = `to report a repair online with photos ${stamp}`;
  const mergedText = `to report a repair online with photos and track it ${stamp}`;
  let path = '';
  let needPath = '';
  let brentContext: BrowserContext | undefined;

  try {
    await test.step('Camden opens a challenge and adds Brent as a participant', async () => {
      await signIn(camden, DEMO_USERS.camden);
      await camden.goto('/challenges/new');
      path = await createChallenge(camden, title, 'private');
      await camden.getByTestId('manage-members').click();
      const form = camden.getByTestId('add-member-form');
      await form.locator('#organisation_id').selectOption({ label: 'Brent' });
      await form.getByLabel('Participant').check();
      await camden.getByTestId('add-member').click();
      await expect(camden.getByTestId('member-row').filter({ hasText: 'Brent' })).toHaveCount(1);
    });

    brentContext = await browser.newContext();
    const brent = await brentContext.newPage();
    await signIn(brent, DEMO_USERS.brent);

    await test.step('both open the needs page; Camden adds a need and Brent sees it without reloading', async () => {
      await camden.goto(`${path}/needs`);
      await expect(camden.getByRole('heading', { level: 1, name: 'User needs' })).toBeVisible();
      await brent.goto(`${path}/needs`);
      await expect(brent.getByTestId('no-needs')).toBeVisible();
      // Wait until Brent's island is connected: it lists Camden as also viewing.
      await expect(brent.getByTestId('live-viewers')).toContainText('Priya Shah', { timeout: 15_000 });
      await expect(camden.getByTestId('live-viewers')).toContainText('Tom Okafor', { timeout: 15_000 });
      await a11y(brent, 'needs page, empty, with live viewers');

      await brent.evaluate(() => {
        window.__marker = 1;
      });
      let brentNavigated = false;
      brent.on('framenavigated', (frame) => {
        if (frame === brent.mainFrame()) brentNavigated = true;
      });

      const form = camden.getByTestId('add-need-form');
      await form.locator('#as_a').fill(need.asA);
      await form.locator('#i_need').fill(need.iNeed);
      await form.locator('#so_that').fill(need.soThat);
      await form.locator('#priority').check(); // Must
      await form.locator('#evidence').fill('Survey: **62%** of tenants prefer reporting online.');
      await form.locator('#tags').fill('repairs, online');
      await camden.getByTestId('add-need').click();
      await expect(camden.getByTestId('flash')).toContainText('Need added');
      await expect(camden.getByTestId('need-card').filter({ hasText: need.iNeed })).toHaveCount(1);

      const brentCard = brent.locator('#needs-list').getByTestId('need-card').filter({ hasText: need.iNeed });
      await expect(brentCard, 'the need Camden added appears on Brent’s page').toHaveCount(1, { timeout: 15_000 });
      await expect(brent.getByTestId('live-changes')).toContainText('Priya Shah (Camden) added a need');
      expect(await brent.evaluate(() => window.__marker), 'Brent’s page was not reloaded').toBe(1);
      expect(brentNavigated, 'Brent’s page did not navigate').toBe(false);

      needPath = (await camden.getByTestId('need-card').filter({ hasText: need.iNeed }).getByRole('link').first().getAttribute('href')) ?? '';
      expect(needPath).toMatch(new RegExp(`^${path}/needs/[^/]+$`));
      await a11y(camden, 'needs page with one need (after flash)');
      await a11y(brent, 'needs page refreshed live');
    });

    await test.step('Brent records his authority’s view on the need’s page; the list and the consensus view show it', async () => {
      // The list is compact: each need's forms are on its own page.
      await brent.getByTestId('need-card').filter({ hasText: need.iNeed }).getByRole('link').first().click();
      await expect(brent).toHaveURL(new RegExp(`${needPath}$`));
      const form = brent.getByTestId('view-form');
      await form.getByLabel('Our authority shares this need').check();
      await form.getByLabel('Our priority').selectOption({ label: 'Should have' });
      await form.getByTestId('save-view').click();
      await expect(brent.getByTestId('flash')).toContainText("Your authority's view has been saved");
      await expect(brent.getByTestId('views-table').getByRole('row', { name: /Brent/ })).toContainText('Should have');
      await a11y(brent, 'need page with the authorities’ views and the view form');

      await brent.goto(`${path}/needs`);
      const card = brent.getByTestId('need-card').filter({ hasText: need.iNeed });
      await expect(card.getByTestId('views-in-brief')).toContainText('Brent: Should have');
      await expect(card).toContainText('Agreed: Must have');
      await a11y(brent, 'needs page with views');

      await brent.getByTestId('consensus-link').click();
      const row = brent.getByTestId('consensus-row').filter({ hasText: need.iNeed });
      await expect(row).toContainText('Should have');
      await expect(brent.getByTestId('consensus-table').getByRole('columnheader', { name: 'Brent' })).toBeVisible();
      await a11y(brent, 'consensus view');
    });

    await test.step('both edit the same need; Brent saves first; Camden gets the conflict and merges', async () => {
      await camden.goto(`${needPath}/edit`);
      await brent.goto(`${needPath}/edit`);
      await expect(camden.locator('#i_need')).toHaveValue(need.iNeed);
      await expect(brent.locator('#i_need')).toHaveValue(need.iNeed);
      await expect(camden.getByTestId('edit-need-form').locator('input[type=hidden][name=version]')).toHaveCount(1);
      await a11y(camden, 'edit need');

      await brent.locator('#i_need').fill(brentText);
      await brent.getByTestId('save-need').click();
      await expect(brent).toHaveURL(new RegExp(`${needPath}(?:[?#].*)?$`));
      await expect(brent.getByTestId('need-title')).toContainText(brentText);

      await camden.locator('#i_need').fill(camdenText);
      const response = camden.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`${needPath}/edit`));
      await camden.getByTestId('save-need').click();
      expect((await response).status(), 'a stale save answers 409').toBe(409);
      const conflict = camden.getByTestId('conflict');
      await expect(conflict).toBeVisible();
      await expect(conflict).toContainText('Tom Okafor');
      await expect(conflict.getByTestId('saved-version')).toContainText(brentText);
      await expect(camden.locator('#i_need'), 'Camden’s typed text is kept').toHaveValue(camdenText);
      await a11y(camden, 'edit need conflict');

      await camden.locator('#i_need').fill(mergedText);
      await camden.getByTestId('save-need').click();
      await expect(camden).toHaveURL(new RegExp(`${needPath}(?:[?#].*)?$`));
      await expect(camden.getByTestId('need-title')).toContainText(mergedText);
    });

    await test.step('need detail: a comment and the history of both edits', async () => {
      const form = camden.getByTestId('comment-form');
      await form.locator('#body').fill('Brent wanted tracking, Camden wanted photos: **both** kept.');
      await camden.getByTestId('add-comment').click();
      await expect(camden.getByTestId('comment')).toContainText('both kept');
      await expect(camden.getByTestId('comment')).toContainText('Priya Shah');
      const revisions = camden.getByTestId('revision');
      await expect(revisions).toHaveCount(3); // created, Brent's edit, Camden's merge
      await expect(camden.getByTestId('revisions')).toContainText('Tom Okafor');
      await expect(camden.getByTestId('restore-revision').first()).toBeVisible();
      await a11y(camden, 'need detail with a comment and history');
    });

    await test.step('criteria: weights 60 + 39.5 cannot be proposed; 60 + 40 can; Brent agrees', async () => {
      const addCriterion = async (name: string, weight: string, category: 'category' | 'category-price') => {
        await camden.goto(`${path}/criteria`);
        const form = camden.getByTestId('criterion-form');
        await form.locator('#name').fill(name);
        await form.locator('#description').fill(`How well the system supports *${name.toLowerCase()}*.`);
        await form.locator('#kind').check(); // Scored
        await form.locator(`#${category}`).check();
        await form.locator('#weight').fill(weight);
        await form.locator('#guidance').fill('0: not met, 5: fully met.');
        await form.getByLabel(mergedText, { exact: false }).check();
        await camden.getByTestId('add-criterion').click();
        await expect(camden.getByTestId('flash')).toContainText('Criterion added');
        await expect(camden.getByTestId('criterion-name')).toHaveText(name);
        return new URL(camden.url()).pathname;
      };
      await addCriterion('Online repair reporting', '60', 'category');
      const pricePath = await addCriterion('Whole-life cost', '39.5', 'category-price');
      await a11y(camden, 'criterion detail');

      await camden.goto(`${path}/criteria`);
      await expect(camden.getByTestId('criterion-row')).toHaveCount(2);
      await expect(camden.getByTestId('weight-total')).toContainText('99.5');
      await expect(camden.getByTestId('weight-problem')).toContainText('0.5% still to allocate');
      await a11y(camden, 'criteria page, weights 99.5');

      const refused = camden.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/signoff/propose'));
      await camden.getByTestId('propose-signoff').click();
      expect((await refused).status()).toBeGreaterThanOrEqual(400);
      await expect(camden.locator('.govuk-error-summary')).toContainText('Scored criteria weights add up to 99.5%');
      await expect(camden.getByTestId('signoff-status')).toContainText('not been proposed');
      await a11y(camden, 'criteria page, proposal refused');

      await camden.goto(`${pricePath}/edit`);
      await expect(camden.locator('#weight')).toHaveValue('39.5');
      await a11y(camden, 'edit criterion');
      await camden.locator('#weight').fill('40');
      await camden.getByTestId('save-criterion').click();
      await expect(camden.getByTestId('criterion-weight')).toContainText('40');

      await camden.goto(`${path}/criteria`);
      await expect(camden.getByTestId('weight-total')).toContainText('exactly 100%');
      await camden.getByTestId('propose-signoff').click();
      await expect(camden.getByTestId('flash')).toContainText('proposed for sign-off');
      await expect(camden.getByTestId('signoff-status')).toContainText('proposed for sign-off by Priya Shah');
      await a11y(camden, 'criteria page, sign-off open');

      await brent.goto(`${path}/criteria`);
      const signoff = brent.getByTestId('signoff-form');
      await signoff.locator('#decision').check(); // Yes, we agree
      await brent.getByTestId('send-signoff').click();
      await expect(brent.getByTestId('signoff-decision').filter({ hasText: 'Brent' })).toContainText('Agreed to version');
      await a11y(brent, 'criteria page after Brent signed off');

      // Every lead and participant authority answers, the lead included.
      await camden.goto(`${path}/criteria`);
      await expect(camden.getByTestId('signoff-waiting')).toHaveText('Still to respond: Camden.');
      await camden.getByTestId('signoff-form').locator('#decision').check();
      await camden.getByTestId('send-signoff').click();
      await expect(camden.getByTestId('signoff-status')).toContainText(/Version \d+ agreed/);
      await expect(camden.getByTestId('signoff-decision')).toHaveCount(2);
      await a11y(camden, 'criteria page, agreed');
    });

    await test.step('the matrix shows the need covered by both criteria', async () => {
      await camden.goto(`${path}/matrix`);
      const row = camden.getByTestId('matrix-row').filter({ hasText: mergedText });
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId('matrix-mark')).toHaveCount(2);
      await expect(camden.getByTestId('matrix-clean')).toBeVisible();
      await a11y(camden, 'matrix');
    });

    await test.step('the challenge history page', async () => {
      await camden.goto(`${path}/history`);
      await expect(camden.getByTestId('history-table')).toBeVisible();
      await a11y(camden, 'challenge history');
    });

    await test.step('the pack page and its Markdown and CSV downloads', async () => {
      const response = await camden.goto(`${path}/pack`);
      expect(response?.status()).toBe(200);
      await expect(camden.getByTestId('pack-title')).toHaveText(title);
      await expect(camden.getByTestId('pack-needs')).toContainText(mergedText);
      await a11y(camden, 'pack');

      const downloads = camden.getByTestId('pack-downloads');
      for (const [link, ext] of [
        ['Download as Markdown (.md)', '.md'],
        ['Download criteria and needs as CSV (.csv)', '.csv'],
      ] as const) {
        const downloaded = camden.waitForEvent('download');
        await downloads.getByRole('link', { name: link }).click();
        const download = await downloaded;
        expect(download.suggestedFilename()).toMatch(new RegExp(`\\${ext}$`));
        const file = await download.path();
        const text = await readFile(file, 'utf8');
        expect(text, `${ext} contains the need`).toContain(mergedText);
        expect(text, `${ext} contains a criterion`).toContain('Whole-life cost');
      }
    });
  } finally {
    await brentContext?.close();
  }

  expect(a11yFailures, `accessibility problems:\n\n${a11yFailures.join('\n\n')}`).toEqual([]);
});
