// Issue 11 items 13 and 14: every page fits a phone (no sideways scroll at 390 px), the header menu
// works from the keyboard, and axe finds no serious or critical violation in our own markup, in the
// light and the dark theme. Ketcher's and 3Dmol's internals are third-party and left out.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { EditorPage } from './pages/editor-page';

const WATER = '3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200';

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const THEMES = ['light', 'dark'] as const;

/** The sketcher's drawing area (Ketcher renders its own div inside our frame) and 3Dmol's canvas. */
const THIRD_PARTY = ['[data-testid="sketcher"] > div', '[role="img"] > canvas'];

/**
 * Neither the page nor its <main> scrolls sideways. <main> scrolls by itself (a last resort for wide
 * content), so the page alone can look fine while a phone user swipes the whole content aside.
 */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => {
    const main = document.querySelector('main');
    return {
      page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
      main: main ? [main.scrollWidth, main.clientWidth] : [0, 0],
    };
  });
  expect(widths.page[0], 'the page scrolls sideways').toBeLessThanOrEqual(widths.page[1]!);
  expect(widths.main[0], 'the main content scrolls sideways').toBeLessThanOrEqual(widths.main[1]!);
}

async function expectAccessible(page: Page, theme: (typeof THEMES)[number]) {
  await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /(^|\s)dark(\s|$)/ : /^(?!.*\bdark\b).*$/);
  await expectNoSidewaysScroll(page);
  let axe = new AxeBuilder({ page });
  for (const selector of THIRD_PARTY) axe = axe.exclude(selector);
  const { violations } = await axe.analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.help}\n  ${v.nodes
          .slice(0, 5)
          .map((n) => n.target.join(' '))
          .join('\n  ')}`,
    );
  expect(serious, 'serious or critical accessibility violations').toEqual([]);
}

for (const theme of THEMES) {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    test.describe(`${theme} theme, ${size} (${viewport.width} px)`, () => {
      test.use({ colorScheme: theme, viewport });

      test.describe('signed out', () => {
        test.use({ storageState: { cookies: [], origins: [] } });
        for (const path of ['/sign-in', '/sign-up']) {
          test(path, async ({ page }) => {
            await page.goto(path);
            await expect(page.getByRole('button', { name: path === '/sign-in' ? 'Sign in' : 'Sign up' })).toBeVisible();
            await expectAccessible(page, theme);
          });
        }
      });

      test.describe('as the demo researcher', () => {
        test.use({ storageState: 'e2e/.auth/researcher.json' });

        test('/editor', async ({ page }) => {
          await new EditorPage(page).goto();
          await expectAccessible(page, theme);
        });

        for (const path of ['/results', '/batches', '/batches/new', '/settings']) {
          test(path, async ({ page }) => {
            await page.goto(path);
            await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
            await expectAccessible(page, theme);
          });
        }

        test('/results/[id]', async ({ page }) => {
          test.setTimeout(120_000);
          const editor = new EditorPage(page);
          await editor.goto();
          await editor.xyz.fill(WATER);
          await editor.setParameters({ method: 'GFN2-xTB', task: 'Single point' });
          await editor.submitAndOpenResult();
          await expect(page.getByTestId('detail-status')).toContainText('succeeded', { timeout: 90_000 });
          await expectAccessible(page, theme);
        });
      });

      test.describe('as the demo admin', () => {
        test.use({ storageState: 'e2e/.auth/admin.json' });
        for (const path of ['/dashboard', '/admin']) {
          test(path, async ({ page }) => {
            await page.goto(path);
            await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
            await expectAccessible(page, theme);
          });
        }
      });
    });
  }
}

// The narrowest phones (320 px), dark theme: the lists, settings and admin pages with their wide tables
// and charts keep to the screen (tables scroll in their own boxes).
test.describe('dark theme, 320 px', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 320, height: 640 } });
  for (const [role, paths] of [
    ['researcher', ['/results', '/batches', '/settings', '/docs/api']],
    ['admin', ['/dashboard', '/admin']],
  ] as const) {
    test.describe(`as the demo ${role}`, () => {
      test.use({ storageState: `e2e/.auth/${role}.json` });
      for (const path of paths) {
        test(path, async ({ page }) => {
          await page.goto(path);
          await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
          await expectNoSidewaysScroll(page);
        });
      }
    });
  }
});

test.describe('the header menu on a phone', () => {
  test.use({ storageState: 'e2e/.auth/researcher.json', viewport: VIEWPORTS.phone });

  test('opens and closes from the keyboard, and its links navigate', async ({ page }) => {
    await page.goto('/results');
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByRole('link', { name: 'Batches' })).toBeHidden();

    await menu.focus();
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' })).toHaveAttribute('aria-current', 'page');

    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toBeFocused();
    await expect(page.getByRole('link', { name: 'Batches' })).toBeHidden();

    await page.keyboard.press('Space');
    await page.getByRole('link', { name: 'Batches' }).click();
    await expect(page).toHaveURL(/\/batches$/);
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
  });

  test('on a wide screen the links are in the header and there is no menu button', async ({ page }) => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.goto('/results');
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' })).toBeVisible();
  });
});

/**
 * The header's rows at the current width: its visible controls grouped by line (a control starts a new
 * row when its top is below the previous row's bottom), and the height of the tallest control.
 */
async function headerLayout(page: Page) {
  return page.locator('header').evaluate((header) => {
    const boxes = [...header.querySelectorAll('a, button, [role="status"], [data-testid="current-user"]')]
      .map((el) => el.getBoundingClientRect())
      .filter((box) => box.width > 1 && box.height > 1)
      .sort((a, b) => a.top - b.top);
    let rows = 0;
    let rowBottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= rowBottom) rows++;
      rowBottom = Math.max(rowBottom, box.bottom);
    }
    return { rows, height: header.getBoundingClientRect().height, controlHeight: Math.max(...boxes.map((box) => box.height)) };
  });
}

// The designer's review: the header used to wrap onto three rows at 320 px (logo, account, menu).
for (const theme of THEMES) {
  test.describe(`the header on the narrowest phones, ${theme} theme`, () => {
    test.use({ storageState: 'e2e/.auth/researcher.json', colorScheme: theme, viewport: { width: 320, height: 640 } });

    test('takes at most two rows, shows every control and keeps the keyboard order', async ({ page }) => {
      for (const width of [320, 390]) {
        await page.setViewportSize({ width, height: 640 });
        await page.goto('/results');
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        const layout = await headerLayout(page);
        expect(layout.rows, `header rows at ${width} px`).toBeLessThanOrEqual(2);
        expect(layout.height, `header height at ${width} px`).toBeLessThan(3 * layout.controlHeight);

        const logo = page.getByRole('link', { name: 'Quantum Forge' });
        const menu = page.getByRole('button', { name: 'Menu' });
        const signOut = page.getByRole('button', { name: 'Sign out' });
        for (const control of [logo, menu, page.getByTestId('save-status'), page.getByTestId('current-user'), signOut]) {
          await expect(control).toBeInViewport({ ratio: 1 });
        }
        await expect(page.getByTestId('current-user')).toContainText('researcher');
        // Tab goes logo → Menu → Sign out, the order they are seen in.
        await logo.focus();
        await page.keyboard.press('Tab');
        await expect(menu).toBeFocused();
        await page.keyboard.press('Tab');
        await expect(signOut).toBeFocused();
      }

      // The opened menu sits right under the Menu button, before the account row.
      await page.setViewportSize({ width: 320, height: 640 });
      await page.getByRole('button', { name: 'Menu' }).click();
      const batchesLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batches' });
      await expect(batchesLink).toBeVisible();
      expect((await batchesLink.boundingBox())!.y).toBeLessThan((await page.getByRole('button', { name: 'Sign out' }).boundingBox())!.y);
      await expectNoSidewaysScroll(page);
      const { violations } = await new AxeBuilder({ page }).include('header').analyze();
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    });
  });
}
