// licit notice: every production package's license text once per distinct text, every NOTICE file, the
// SPDX reference text when a package ships none; deterministic; Markdown and plain text.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { registerNotice } from '../src/cli/notice-command.js';
import { normaliseText, splitCopyrights } from '../src/report/notice.js';
import { copyFixture, fixture, scratchDir } from './helpers/cli.js';
import { noticeInProcess as buildNotice } from './helpers/scan-in-process.js';

const APP = fixture('notice/apache-notice');
const PRODUCTION = ['fx-n-apache', 'fx-n-apache-two', 'fx-n-dual', 'fx-n-mit-a', 'fx-n-mit-b', 'fx-n-mit-c', 'fx-n-nofile', 'fx-n-nofile-two'];
const occurrences = (text: string, part: string): number => text.split(part).length - 1;

/**
 * The license bodies (without their copyright lines, listed apart) and NOTICE files the fixture's
 * production packages ship, normalised; and the copyright lines of the license files.
 */
function shippedTexts(): { bodies: string[]; copyrights: string[] } {
  const bodies = new Set<string>();
  const copyrights = new Set<string>();
  for (const name of PRODUCTION) {
    const directory = join(APP, 'node_modules', name);
    for (const file of readdirSync(directory).filter((entry) => entry !== 'package.json')) {
      const text = normaliseText(readFileSync(join(directory, file), 'utf8'));
      if (/^notice/i.test(file)) {
        bodies.add(text);
        continue;
      }
      const split = splitCopyrights(text);
      bodies.add(split.body);
      for (const line of split.copyrights) copyrights.add(line);
    }
  }
  return { bodies: [...bodies], copyrights: [...copyrights] };
}

describe('licit notice over an installed tree', () => {
  test('each distinct license body or NOTICE text appears exactly once, with every copyright line', async () => {
    const notice = await buildNotice(APP, { format: 'markdown' });
    const { bodies, copyrights } = shippedTexts();
    expect(bodies).toHaveLength(4); // Apache (2 packages), MIT (Alice LF and CRLF, Bob: one body), two NOTICE files
    for (const body of bodies) expect(occurrences(notice, body)).toBe(1);
    expect(copyrights.length).toBeGreaterThanOrEqual(2);
    for (const line of copyrights) expect(notice).toContain(line);
  });

  test('every production package is listed as covered by a text; dev packages are left out', async () => {
    const notice = await buildNotice(APP, { format: 'markdown' });
    const usedBy = notice.split('\n').filter((line) => line.startsWith('Used by: ')).join(' ');
    for (const name of PRODUCTION) expect(usedBy).toMatch(new RegExp(`\`${name}@`));
    expect(notice).not.toContain('fx-n-dev');
    expect(notice).not.toContain('Dev Only Person');
    expect(notice.match(/^Used by: .*$/m)?.[0]).toBe('Used by: `fx-n-apache@1.0.0`, `fx-n-apache-two@2.0.0`');
  });

  test('a package without a license file gets the SPDX reference text, shared by all such packages', async () => {
    const notice = await buildNotice(APP, { format: 'markdown' });
    expect(notice).toContain('Used by: `fx-n-nofile@1.0.0`, `fx-n-nofile-two@1.0.0`\n\nThe SPDX reference text');
    // The reference text's sample copyright line is nobody's: it is not printed, nor given to a package.
    expect(occurrences(notice, 'Internet Systems Consortium')).toBe(0);
    // an OR gets the text of the alternative chosen (MIT, one body with the packages' own MIT files), not both
    expect(notice).toMatch(/Used by: `fx-n-dual@1\.0\.0`, `fx-n-mit-a@1\.0\.0`/);
    expect(notice).not.toContain('Apache License 2.0 OR');
  });

  test('Apache NOTICE files are reproduced', async () => {
    const notice = await buildNotice(APP, { format: 'markdown' });
    expect(notice).toContain('## Notices');
    expect(notice).toContain('Copyright 2019 The Fx Apache Foundation');
    expect(notice).toContain('Copyright 2021 Fx Two Ltd.');
  });

  test('plain text holds the same texts, once each', async () => {
    const notice = await buildNotice(APP, { format: 'text' });
    expect(notice.startsWith('THIRD-PARTY NOTICES\n')).toBe(true);
    expect(notice).not.toContain('```');
    for (const body of shippedTexts().bodies) expect(occurrences(notice, body)).toBe(1);
  });

  test('deterministic: the same tree gives the same bytes', async () => {
    const first = await buildNotice(APP, { format: 'markdown' });
    expect(await buildNotice(APP, { format: 'markdown' })).toBe(first);
  });
});

describe('licit notice from the lockfile alone', () => {
  test('without node_modules every text is an SPDX reference text, once per license', async () => {
    const copy = copyFixture('notice/apache-notice');
    rmSync(join(copy, 'node_modules'), { recursive: true });
    const notice = await buildNotice(copy, { format: 'markdown', lockfileOnly: true });
    expect(occurrences(notice, 'TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION')).toBe(1);
    expect(occurrences(notice, 'Permission is hereby granted, free of charge')).toBe(1);
    expect(notice).toContain('Used by: `fx-n-dual@1.0.0`, `fx-n-mit-a@1.0.0`, `fx-n-mit-b@1.0.0`, `fx-n-mit-c@1.0.0`');
    expect(notice).not.toContain('## Notices');
  });
});

describe('the notice command', () => {
  test('writes the file with -o, taking the shared flags', async () => {
    const scratch = scratchDir();
    const out = join(scratch, 'THIRD-PARTY-NOTICES.md');
    writeFileSync(join(scratch, 'licit.config.json'), '{ "extends": "distributed" }\n');
    const program = new Command('licit').exitOverride();
    registerNotice(program);
    await program.parseAsync(['node', 'licit', 'notice', APP, '-o', out, '--quiet', '--omit', 'optional', '--config', join(scratch, 'licit.config.json')]);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(await buildNotice(APP, { format: 'markdown' }));
  });

  test('--omit takes only dev, optional or peer', async () => {
    const program = new Command('licit').exitOverride().configureOutput({ writeErr: () => undefined });
    registerNotice(program);
    await expect(program.parseAsync(['node', 'licit', 'notice', APP, '--omit', 'prod'])).rejects.toThrow();
  });
});
