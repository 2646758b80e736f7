import { test, expect, signIn, expectNoSeriousA11yViolations, DEMO_USERS } from './fixtures';

test.describe('Markdown preview island', () => {
  test('shows the problem statement rendered and sanitised once hydrated', async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') {
        pageErrors.push(`${m.text()} (${m.location().url})`);
      }
    });

    await signIn(page, DEMO_USERS.camden);
    await page.goto('/challenges/new');
    const button = page.getByTestId('preview-markdown');
    // Hidden in the HTML; the island reveals it when the wasm bundle has hydrated.
    await expect(button).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('markdown-preview')).toHaveCount(0);

    await page.locator('#problem_statement').fill(
      'Tenants report repairs by **phone**.\n\n- Forms lose progress\n- Data is re-keyed\n\n<script>window.__pwned = true</script>\n\n[Camden](https://www.camden.gov.uk/)',
    );
    await button.click();

    const preview = page.getByTestId('markdown-preview');
    await expect(preview).toBeVisible();
    await expect(preview.locator('strong')).toHaveText('phone');
    await expect(preview.locator('li')).toHaveText(['Forms lose progress', 'Data is re-keyed']);
    await expect(preview.getByRole('link', { name: 'Camden' })).toHaveAttribute('href', 'https://www.camden.gov.uk/');
    await expect(preview.locator('script')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();

    // Previewing again follows the edited text.
    await page.locator('#problem_statement').fill('Now just *one* line.');
    await button.click();
    await expect(preview.locator('em')).toHaveText('one');
    await expect(preview.locator('li')).toHaveCount(0);

    await expectNoSeriousA11yViolations(page);
    expect(pageErrors, 'no script errors while hydrating and previewing').toEqual([]);
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('the Preview button is not shown', async ({ page }) => {
      await signIn(page, DEMO_USERS.camden);
      await page.goto('/challenges/new');
      await expect(page.locator('#problem_statement')).toBeVisible();
      await expect(page.getByTestId('preview-markdown')).toBeHidden();
      await expect(page.getByTestId('markdown-preview')).toHaveCount(0);
    });
  });
});
