// The session carries what the pages do: a favourite result, the results list's filters, the
// editor's drafts. Each test signs up its own user.
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './pages/editor-page';
import { ResultsPage } from './pages/results-page';
import { SignInPage, uniqueEmail } from './pages/sign-in-page';

const PASSWORD = 'a-good-long-password';
const WATER_XYZ = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692';

async function signUp(page: Page, label: string): Promise<void> {
  await new SignInPage(page).signUp(`Tester ${label}`, uniqueEmail(label), PASSWORD);
  await expect(page).toHaveURL(/\/editor$/);
}

test('a favourite stays starred after a reload, and /results comes back with the last filters', async ({ page }) => {
  test.setTimeout(150_000);
  await signUp(page, 'wiring');
  const editor = new EditorPage(page);
  await editor.waitUntilInteractive();
  await editor.xyz.fill(WATER_XYZ);
  await editor.setParameters({ task: 'Single point' });
  const id = await editor.submitAndOpenResult();
  const results = new ResultsPage(page);
  await expect(results.status).toHaveAttribute('data-status', 'succeeded', { timeout: 90_000 });

  await expect(results.favouriteButton).toHaveAttribute('aria-pressed', 'false');
  await expect(results.favouriteButton).toHaveText('☆ Favourite');
  await results.favouriteButton.click();
  await expect(results.favouriteButton).toHaveAttribute('aria-pressed', 'true');
  await editor.expectSaved();
  await page.reload();
  await expect(results.favouriteButton).toHaveAttribute('aria-pressed', 'true');
  await expect(results.favouriteButton).toHaveText('★ Favourite');

  await results.gotoList();
  await expect(results.favouriteMark(id)).toBeVisible();

  const revision = await editor.savedRevision();
  await results.statusFilter.selectOption('succeeded');
  await results.applyFilters();
  await expect(page).toHaveURL(/[?&]status=succeeded/);
  await expect(results.row(id)).toBeVisible();
  // The list writes its filters to the session just after it renders them.
  await editor.expectSavedAfter(revision);

  await editor.goto();
  await page.goto('/results');
  await expect(page).toHaveURL(/\/results\?.*status=succeeded/);
  await expect(results.statusFilter).toHaveValue('succeeded');

  // "Clear" forgets them: /results stays unfiltered.
  await page.getByRole('link', { name: 'Clear', exact: true }).click();
  await expect(page).toHaveURL(/\/results$/);
  await expect(results.statusFilter).toHaveValue('');
  await editor.expectSaved();
  await page.reload();
  await expect(results.row(id)).toBeVisible();
  await expect(page).toHaveURL(/\/results$/);
});

test('a draft brings back its SMILES and is still listed after a reload', async ({ page }) => {
  await signUp(page, 'drafts');
  const editor = new EditorPage(page);
  await editor.waitUntilInteractive();
  await expect(editor.drafts).toHaveCount(0);
  await expect(editor.saveDraftButton).toBeDisabled();

  await editor.name.fill('ethanol draft');
  await editor.typeSmiles('CCO');
  await editor.saveDraftButton.click();
  await expect(editor.draft('ethanol draft')).toBeVisible();

  await editor.name.fill('something else');
  await editor.typeSmiles('c1ccccc1');
  await editor.openDraft('ethanol draft');
  await expect(editor.smiles).toHaveValue('CCO');
  await expect(editor.name).toHaveValue('ethanol draft');

  await editor.expectSaved();
  await page.reload();
  await editor.waitUntilInteractive();
  await expect(editor.draft('ethanol draft')).toBeVisible();
  await expect(editor.drafts).toHaveCount(1);

  await page.getByRole('button', { name: 'Delete draft ethanol draft' }).click();
  await expect(editor.drafts).toHaveCount(0);
});
