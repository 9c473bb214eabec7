/**
 * Headless Debian Chromium driven by playwright-core (never `playwright install`), plus the paths the
 * end-to-end tests share: the built renderer and the screenshot folder.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const rendererDir = path.join(repoRoot, 'apps/desktop/out/renderer');
export const screenshotDir = path.join(repoRoot, 'tests/.artifacts/screenshots');
export const CHROMIUM = '/usr/bin/chromium';

export function rendererBuilt(): boolean {
  return existsSync(path.join(rendererDir, 'index.html'));
}

export const RENDERER_MISSING =
  `The renderer is not built (${rendererDir}/index.html is missing): run \`pnpm --filter @wirewho/desktop build\` first.`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Collects console errors and uncaught exceptions (a CSP violation shows up here too). */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
