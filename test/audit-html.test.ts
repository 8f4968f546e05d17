// report.html in a real browser (Debian's chromium, driven by playwright-core; .ci/run installs it): the
// page loads offline with no console error, search filters the inventory, a header click sorts it, and a
// screenshot is written.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { todayUtc } from '../src/pipeline/scan.js';
import { runAudit } from '../src/pipeline/audit.js';
import { renderAuditOutputs } from '../src/pipeline/audit-outputs.js';
import { defaultPolicy } from '../src/policy/config.js';
import { fixture, scratchDir } from './helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!existsSync(CHROMIUM))('report.html in Chromium', () => {
  let browser: Browser;
  let page: string;
  const output = scratchDir();

  beforeAll(async () => {
    const directory = fixture('audit/mixed');
    const result = await runAudit(directory, { ignore: [] }, { policy: defaultPolicy(), today: todayUtc() });
    const html = (await renderAuditOutputs(directory, result, { failOn: 'error' })).find((entry) => entry.name === 'report.html')!.content;
    page = join(output, 'report.html');
    writeFileSync(page, html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('loads without a console error or a network request, searches and sorts, and is screenshotted', async () => {
    const tab = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    tab.on('pageerror', (error) => problems.push(error.message));
    tab.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await tab.goto(pathToFileURL(page).href);
    expect(await tab.textContent('#verdict')).toBe('FAIL');
    const rows = tab.locator('#inventory-table tbody tr');
    const total = await rows.count();
    expect(total).toBeGreaterThanOrEqual(7);

    await tab.fill('#search', 'zlib');
    expect(await tab.locator('#inventory-table tbody tr:not([hidden])').count()).toBe(1);
    expect(await tab.textContent('#shown')).toBe('1');
    await tab.fill('#search', '');
    expect(await tab.locator('#inventory-table tbody tr:not([hidden])').count()).toBe(total);

    const names = async (): Promise<string[]> => tab.locator('#inventory-table tbody tr td:nth-child(2)').allTextContents();
    await tab.click('#inventory-table th[data-column="1"]');
    const ascending = await names();
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
    await tab.click('#inventory-table th[data-column="1"]');
    expect(await names()).toEqual([...ascending].reverse());

    const screenshot = join(output, 'report.png');
    await tab.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);
});
