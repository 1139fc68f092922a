// Teams and sharing, end to end in two browsers: the owner creates a team and invites a second
// account by e-mail; the invitee sees nothing shared until they accept in their own browser; the
// owner shares a calculation from its result page; the member finds it in /results marked
// "Shared" with the owner's name and opens it read only; finally the owner deletes the team. Both
// accounts are fresh sign-ups.
import { expect, test } from '@playwright/test';
import { EditorPage } from './pages/editor-page';
import { ResultsPage } from './pages/results-page';
import { SignInPage, uniqueEmail } from './pages/sign-in-page';

const PASSWORD = 'a-good-long-password';

test('a team invitation accepted in a second browser shows the shared calculation to the member', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const tag = Date.now().toString(36);
  const ownerName = `Olive ${tag}`;
  const teamName = `Spectroscopy ${tag}`;
  const calcName = `shared water ${tag}`;

  await new SignInPage(page).signUp(ownerName, uniqueEmail('team-owner'), PASSWORD);
  await expect(page).toHaveURL(/\/editor$/);
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  const memberEmail = uniqueEmail('team-member');
  await new SignInPage(member).signUp(`Max ${tag}`, memberEmail, PASSWORD);
  await expect(member).toHaveURL(/\/editor$/);

  // The owner submits a calculation (it is shared later, once the team has a member).
  const editor = new EditorPage(page);
  await editor.goto();
  await editor.typeSmiles('O');
  await editor.expectPreviewRendered();
  await editor.name.fill(calcName);
  const id = await editor.submitAndOpenResult();

  // The owner creates a team from the nav and invites the second account.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
  // Each control says when it is interactive (data-hydrated): an earlier click would reach static HTML.
  await expect(page.getByRole('form', { name: 'Create a team' })).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Team name').fill(teamName);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByTestId('team-name')).toHaveText(teamName);
  const teamUrl = page.url();
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  await expect(page.getByRole('form', { name: 'Invite someone' })).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('E-mail address').fill(memberEmail);
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.getByTestId('pending-invitation')).toContainText(memberEmail);
  // Invited is not enrolled: the roster still has the owner alone.
  await expect(page.getByTestId('member-row')).toHaveCount(1);

  // The invitee decides in their own browser.
  await member.goto('/teams');
  const invitation = member.getByTestId('invitation');
  await expect(invitation).toContainText(teamName);
  await expect(invitation).toContainText(ownerName);
  await expect(member.getByTestId('no-teams')).toBeVisible();
  const accept = invitation.getByRole('button', { name: 'Accept', exact: true });
  await expect(accept.locator('xpath=..')).toHaveAttribute('data-hydrated', 'true');
  await accept.click();
  await expect(member.getByTestId('team-row')).toContainText(teamName);
  await expect(member.getByTestId('invitation')).toHaveCount(0);

  // The owner shares the calculation with the team from its result page.
  await page.goto(`/results/${id}`);
  const share = page.getByTestId('share-control');
  await expect(share).toHaveAttribute('data-hydrated', 'true');
  await share.getByLabel('Shared with').selectOption({ label: teamName });
  await share.getByRole('button', { name: 'Save sharing' }).click();
  await expect(share.getByRole('status')).toHaveText(`Shared with ${teamName}.`);

  // The member sees it in /results, marked shared with the owner's name, and opens it (read only).
  const results = new ResultsPage(member);
  await results.gotoList();
  await expect(results.row(id).getByTestId('shared-mark')).toHaveText(`Shared · ${ownerName}`);
  await expect(results.row(id)).toContainText(calcName);
  await results.openResult(id);
  await expect(member.getByRole('heading', { level: 1 })).toContainText(calcName);
  await expect(member.getByTestId('shared-by')).toContainText(`Shared by ${ownerName} with ${teamName}`);
  await expect(member.getByTestId('share-control')).toHaveCount(0);
  await expect(member.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);

  // Only an owner deletes the team; it then leaves the member's Teams page.
  await member.goto(teamUrl);
  await expect(member.getByTestId('team-name')).toHaveText(teamName);
  await expect(member.getByRole('button', { name: 'Delete team' })).toHaveCount(0);
  await page.goto(teamUrl);
  const deleteTeam = page.getByRole('button', { name: 'Delete team' });
  await expect(deleteTeam.locator('xpath=..')).toHaveAttribute('data-hydrated', 'true');
  await deleteTeam.click();
  await page.getByRole('button', { name: 'Yes, delete team' }).click();
  await expect(page).toHaveURL(/\/teams$/);
  await member.goto('/teams');
  await expect(member.getByTestId('no-teams')).toBeVisible();

  await memberContext.close();
});
