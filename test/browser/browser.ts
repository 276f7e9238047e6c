import { tmpdir } from 'node:os';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { sleep } from '@app/testing';

/** Debian's chromium (scripts/ensure-chromium.sh installs it); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium. Playwright gives every launch a new, empty profile (a fresh temporary
 * user-data dir, removed on close), so no state leaks between runs.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (installs Debian's chromium).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new browser context (own sessionStorage: another person at another computer). */
export async function person(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Waits until the locator's visible text contains `text` (what a person would read), else fails saying what it saw. */
export async function seeText(locator: Locator, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      if (await locator.isVisible()) {
        last = (await locator.innerText()).replace(/\s+/g, ' ');
        if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
      }
    } catch {
      // detached while re-rendering: look again
    }
    if (Date.now() > deadline) throw new Error(`Expected to see ${String(text)} but saw: "${last.slice(0, 600)}"`);
    await sleep(100);
  }
}

// The committed pictures in docs/ change only when asked for (UPDATE_SCREENSHOTS=1 npm run test:browser);
// ordinary runs still take them (a screen that cannot render fails the test) but keep them out of the tree.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? resolve(process.cwd(), 'docs/screenshots') : resolve(tmpdir(), 'pbs-screenshots');

/** Saves a screenshot (for docs/CABINET.md when UPDATE_SCREENSHOTS is set). */
export async function screenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`);
  // Passing messages are not the screen. (The page's CSP refuses injected stylesheets, so no `style` option.)
  const page = 'goto' in target ? target : target.page();
  await page.evaluate("document.getElementById('toast')?.replaceChildren()");
  if ('goto' in target) await target.screenshot({ path, fullPage: options.fullPage ?? false, animations: 'disabled' });
  else await target.screenshot({ path, animations: 'disabled' });
}
