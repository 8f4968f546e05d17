// Every line of a license file accounted for: the recognised licenses with their lines and roles,
// significant unexplained text as a license part of its own, a confidence no higher than the share
// explained, choices kept as OR, and ScanCode's non-SPDX texts named.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { identifyFile, identifyText } from '../src/licenses/text/index.js';
import { fixture, parseReport, repoRoot, runLicit, byName } from './helpers/cli.js';

const require = createRequire(import.meta.url);
const spdxList = require('spdx-license-list/full') as Record<string, { licenseText: string }>;
const text = (id: string): string => spdxList[id]!.licenseText;
const records = new Map(
  (JSON.parse(readFileSync(join(repoRoot, 'rules/licenses.json'), 'utf8')) as { licenses: { id: string; category: string; sources: { id?: string } }[] }).licenses.map(
    (record) => [record.id, record],
  ),
);
const scancodeText = (key: string): string =>
  readFileSync(join(repoRoot, '..', 'shared', 'data', 'scancode-licenses', `${key}.LICENSE`), 'utf8').replace(/^---\n[\s\S]*?\n---\n?/, '');
const UNRECOGNISED = /^LicenseRef-licit-unrecognised-[0-9a-f]{16}$/;
const mitBody = text('MIT').replace(/^\s*MIT License\s*/, '').replace(/^.*Copyright.*<.*$/m, 'Copyright (c) 2020 Jane Doe');

describe('vendor terms followed by bundled notices (mapbox-gl 3.9.0 LICENSE.txt, as published)', () => {
  const file = fixture('text/vendor-terms-notices/LICENSE.txt');

  it('reads the vendor terms as proprietary terms and the quoted BSD/MIT texts as bundled notices', async () => {
    const result = await identifyFile(file);
    expect(result.parts.map((part) => [part.role, part.startLine, part.endLine])).toEqual([
      ['terms', 7, 20],
      ['bundled-notice', 29, 51],
      ['bundled-notice', 62, 85],
      ['bundled-notice', 93, 109],
    ]);
    expect(result.parts.map((part) => part.license)).toEqual(['LicenseRef-licit-proprietary-terms', 'BSD-3-Clause', 'BSD-3-Clause', 'MIT']);
    expect(result.expression).toBe('LicenseRef-licit-proprietary-terms AND BSD-3-Clause AND MIT');
    const licit = JSON.parse(readFileSync(join(repoRoot, 'rules/licit-licenses.json'), 'utf8')) as { licenses: { id: string; category: string }[] };
    expect(licit.licenses.find((record) => record.id === 'LicenseRef-licit-proprietary-terms')?.category).toBe('proprietary');
  });

  it('without its commercial wording, the same vendor text is an unrecognised part, and confidence follows coverage', () => {
    const original = readFileSync(file, 'utf8');
    const plain = original.replace(/for use only with/g, 'together with').replace(/Mapbox TOS/g, 'Mapbox terms');
    const result = identifyText(plain);
    expect(result.parts[0]).toMatchObject({ role: 'unrecognised', startLine: 7, endLine: 20 });
    expect(result.parts[0]!.license).toMatch(UNRECOGNISED);
    expect(result.expression).toBe(`${result.parts[0]!.license} AND BSD-3-Clause AND MIT`);
    expect(result.coverage).toBeGreaterThan(0.5);
    expect(result.coverage).toBeLessThan(0.9);
    expect(result.confidence).toBeLessThanOrEqual(result.coverage);
  });

  it('names unrecognised text by a hash of its normalised words (stable, whatever the spacing and case)', () => {
    const plain = readFileSync(file, 'utf8').replace(/for use only with/g, 'together with').replace(/Mapbox TOS/g, 'Mapbox terms');
    const first = identifyText(plain).parts[0]!.license;
    expect(identifyText(plain.replace(/ {2,}/g, ' ').replace('Mapbox terms.', 'MAPBOX TERMS.')).parts[0]!.license).toBe(first);
    const edited = identifyText(plain.replace('limited de-identified location', 'full location')).parts[0]!.license;
    expect(edited).toMatch(UNRECOGNISED);
    expect(edited).not.toBe(first);
  });
});

describe('what is accounted for without a part of its own', () => {
  it('a title line above a standard text is part of the match (full confidence)', () => {
    for (const title of ['The MIT License (MIT)', 'MIT License', '(The MIT License)', 'The MIT License']) {
      const result = identifyText(`${title}\n\n${mitBody}`);
      expect(result.expression, title).toBe('MIT');
      expect(result.confidence, title).toBeGreaterThanOrEqual(0.99);
      expect(result.parts.map((part) => part.role)).toEqual(['terms']);
    }
  });

  it('headings, notes without legal wording, URLs and known boilerplate', () => {
    const lodashLike = [
      'Copyright OpenJS Foundation and other contributors <https://openjsf.org/>',
      '',
      'Based on Underscore.js, copyright Jeremy Ashkenas, DocumentCloud and Investigative Reporters & Editors <http://underscorejs.org/>',
      '',
      'This software consists of voluntary contributions made by many individuals. For exact contribution history, see the revision history available at https://github.com/lodash/lodash',
      '',
      'The following license applies to all parts of this software except as documented below:',
      '',
      '====',
      '',
      mitBody,
      '',
      '====',
      '',
      'Files located in the node_modules and vendor directories are externally maintained libraries used by this software which have their own licenses; we recommend you read them, as their terms may differ from the terms above.',
    ].join('\n');
    const result = identifyText(lodashLike);
    expect(result.expression).toBe('MIT');
    expect(result.coverage).toBe(1);
  });

  it('the Apache and GPL standard notices are their licenses, not unexplained text', () => {
    const apache = 'Copyright 2023 Example Corp\n\nLicensed under the Apache License, Version 2.0 (the "License");\nyou may not use this file except in compliance with the License.\nYou may obtain a copy of the License at\n\n    http://www.apache.org/licenses/LICENSE-2.0\n\nUnless required by applicable law or agreed to in writing, software\ndistributed under the License is distributed on an "AS IS" BASIS,\nWITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\nSee the License for the specific language governing permissions and\nlimitations under the License.\n';
    expect(identifyText(apache)).toMatchObject({ expression: 'Apache-2.0', coverage: 1 });
    const gpl = 'This program is free software; you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation; either version 2 of the License, or\n(at your option) any later version.\n\nThis program is distributed in the hope that it will be useful,\nbut WITHOUT ANY WARRANTY; without even the implied warranty of\nMERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\nGNU General Public License for more details.\n\nYou should have received a copy of the GNU General Public License along\nwith this program; if not, write to the Free Software Foundation, Inc.,\n51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.\n';
    expect(identifyText(gpl)).toMatchObject({ expression: 'GPL-2.0-or-later', coverage: 1 });
  });
});

describe('notice lines around a standard license (issue 16)', () => {
  const corpusFile = (path: string): string => readFileSync(join(repoRoot, 'fixtures/real-world', path), 'utf8');

  it('the GNU notice\'s warranty paragraph, with the program\'s name, is part of the notice (web3 4.16.0 LICENSE)', () => {
    const result = identifyText(corpusFile('web3@4.16.0/LICENSE'));
    expect(result.expression).toBe('LGPL-3.0-or-later');
    expect(result.parts.map((part) => part.role)).toEqual(['terms']);
  });

  it('a trademark ownership note beside the Apache notice is no term (video.js 8.24.1 LICENSE)', () => {
    expect(identifyText(corpusFile('video.js@8.24.1/LICENSE'))).toMatchObject({ expression: 'Apache-2.0', coverage: 1 });
  });

  it('a trademark restriction stays a part of its own', () => {
    const apacheNotice = corpusFile('video.js@8.24.1/LICENSE').split('---')[0]!;
    const result = identifyText(`${apacheNotice}\nAcme is a registered trademark of Acme Inc. You may not use the Acme name or logo in any product without the prior written permission of Acme Inc.\n`);
    expect(result.expression).toMatch(/^Apache-2\.0 AND LicenseRef-licit-(unrecognised-[0-9a-f]{16}|proprietary-terms)$/);
  });

  it('the Apache header said of two licenses is their notice (a bundled crate in @rollup/rollup-linux-x64-gnu 4.69.3 LICENSE.md)', () => {
    const result = identifyText(corpusFile('@rollup/rollup-linux-x64-gnu@4.69.3/LICENSE.md'));
    expect(result.parts.filter((part) => part.role === 'unrecognised')).toEqual([]);
  });
});

describe('significant unexplained text', () => {
  it('a restriction added after a permissive text is a part of its own (never a clean MIT)', () => {
    const input = `MIT License\n\n${mitBody}\n\nThe Software is free for non-commercial use only.\n`;
    const result = identifyText(input);
    expect(result.parts.map((part) => part.role)).toEqual(['terms', 'unrecognised']);
    expect(result.expression).toMatch(/^MIT AND LicenseRef-licit-unrecognised-[0-9a-f]{16}$/);
    const line = input.split('\n').findIndex((entry) => entry.includes('non-commercial')) + 1;
    expect(result.parts[1]).toMatchObject({ startLine: line, endLine: line });
  });

  it('a text that is only unrecognised terms has an expression (the unrecognised part) and confidence 0', () => {
    const terms = 'Copyright 2024 Acme Society.\n\nUse of this software is permitted only in accordance with the rules of the Acme Society, which shall settle every dispute and may withdraw the permission granted at any time.\n';
    const result = identifyText(terms);
    expect(result.expression).toMatch(UNRECOGNISED);
    expect(result.confidence).toBe(0);
    expect(result.parts).toEqual([{ license: result.expression, startLine: 3, endLine: 3, confidence: 1, role: 'unrecognised' }]);
  });

  it('unexplained text with commercial wording is the vendor\'s proprietary terms', () => {
    const terms = 'Copyright 2024 Acme Corp. All rights reserved.\n\nThis software and its documentation are proprietary and confidential. You may not copy, modify or distribute it without the prior written consent of Acme Corp.\n';
    const result = identifyText(terms);
    expect(result.expression).toBe('LicenseRef-licit-proprietary-terms');
    expect(result.parts).toEqual([{ license: 'LicenseRef-licit-proprietary-terms', startLine: 3, endLine: 3, confidence: 0.9, role: 'terms' }]);
    expect(result.confidence).toBe(0.9);
  });
});

describe('license template parameters (BUSL-1.1)', () => {
  const parameters = 'Licensor:             Acme, Inc.\n\nLicensed Work:        Acme Server\n                      The Licensed Work is (c) 2024 Acme, Inc.\n\nAdditional Use Grant: You may make production use of the Licensed Work, provided\n                      that you do not offer it to third parties as a hosted service.\n\nChange Date:          Four years from release date\n\nChange License:       Apache License, Version 2.0\n';

  it('the parameters block above the BUSL text belongs to the BUSL part; its Change License is no part of its own', () => {
    const result = identifyText(`${parameters}\n-----\n\n${text('BUSL-1.1')}`);
    expect(result.expression).toBe('BUSL-1.1');
    expect(result.parts.map((part) => part.role)).toEqual(['terms']);
    expect(result.matches.map((match) => match.license)).toEqual(['BUSL-1.1']);
  });

  it('a parameters-only file under a BUSL title line is BUSL-1.1 (@fingerprintjs/fingerprintjs 4.6.2 LICENSE)', () => {
    const result = identifyText(readFileSync(join(repoRoot, 'fixtures/real-world/@fingerprintjs/fingerprintjs@4.6.2/LICENSE')));
    expect(result.expression).toBe('BUSL-1.1');
  });

  it('the same labels without the BUSL named or recognised stay unrecognised terms', () => {
    const result = identifyText(`Acme Server License\n\n${parameters.replace('production use of', 'non-commercial use only of')}`);
    expect(result.expression).not.toContain('BUSL-1.1');
    expect(result.parts.some((part) => part.role === 'unrecognised')).toBe(true);
  });

  it('a parameters block that names no license, with only mild grant wording, never concludes its Change License', () => {
    const result = identifyText(parameters);
    expect(result.expression).toMatch(UNRECOGNISED);
    expect(result.parts).toEqual([{ license: result.expression, startLine: 1, endLine: 11, confidence: 1, role: 'unrecognised' }]);
    expect(result.confidence).toBe(0);
    expect(result.coverage).toBeLessThan(0.5);
  });

  it('vendor terms after the BUSL text are still a part of their own', () => {
    const result = identifyText(`${parameters}\n${text('BUSL-1.1')}\n\nNotwithstanding the above, no use of the Software is permitted without a paid subscription, and the Licensor may revoke any permission granted herein at any time.\n`);
    expect(result.expression).toMatch(/^BUSL-1\.1 AND LicenseRef-licit-(unrecognised-[0-9a-f]{16}|proprietary-terms)$/);
  });
});

describe('bundled notices', () => {
  it('licenses after a third-party marker are bundled notices; the text\'s own terms are not', () => {
    const result = identifyText(`${text('ISC')}\n\nThis package bundles third-party code under the following license:\n\n${text('BSD-2-Clause')}`);
    expect(result.parts.map((part) => [part.license, part.role])).toEqual([
      ['ISC', 'terms'],
      ['BSD-2-Clause', 'bundled-notice'],
    ]);
    expect(result.expression).toBe('ISC AND BSD-2-Clause');
  });

  it('a LICENSE.<component> side file holds bundled notices; LICENSE-MIT and LICENSE.txt hold the package\'s own terms', () => {
    const roles = (fileName: string): string[] => identifyText(text('BSD-3-Clause'), { fileName }).parts.map((part) => part.role);
    expect(roles('LICENSE.esprima')).toEqual(['bundled-notice']);
    expect(roles('LICENSE-jsbn')).toEqual(['bundled-notice']);
    expect(roles('THIRD-PARTY-NOTICES.txt')).toEqual(['bundled-notice']);
    for (const own of ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'LICENSE.BSD', 'COPYING', 'LICENSE-2.0.txt']) {
      expect(roles(own), own).toEqual(['terms']);
    }
  });
});

describe('choices', () => {
  it('MIT OR Apache-2.0 in one file, worded "either … or" or "Alternatively"', () => {
    const either = `This project is licensed under either of the following licenses, at your option:\n\n${text('MIT')}\n\n${text('Apache-2.0')}`;
    expect(identifyText(either).expression).toBe('MIT OR Apache-2.0');
    const alternatively = `${text('GPL-2.0-only')}\n\nAlternatively, this software may be distributed under the terms of the BSD license:\n\n${text('BSD-3-Clause')}`;
    expect(identifyText(alternatively).expression).toBe('GPL-2.0-only OR BSD-3-Clause');
  });

  it('a choice between the terms keeps unrecognised text outside the OR', () => {
    const result = identifyText(`You may use this software under either license, at your option.\n\n${text('MIT')}\n\n${text('Apache-2.0')}\n\nCommercial use of the bundled sample data requires a separate subscription.\n`);
    expect(result.expression).toMatch(/^\(MIT OR Apache-2\.0\) AND LicenseRef-licit-unrecognised-[0-9a-f]{16}$/);
  });

  it('"GPL or commercial terms" is a choice with the vendor\'s commercial license (ckeditor5 48.5.2 LICENSE.md)', () => {
    const result = identifyText(readFileSync(join(repoRoot, 'fixtures/real-world/ckeditor5@48.5.2/LICENSE.md')));
    expect(result.expression).toBe('GPL-2.0-or-later OR LicenseRef-licit-proprietary-terms');
    expect(result.parts.filter((part) => part.role === 'terms').map((part) => part.license)).toEqual(['GPL-2.0-or-later', 'LicenseRef-licit-proprietary-terms']);
  });

  it('"released from the AGPL by purchasing a commercial license" offers the same choice (@aikidosec/firewall 1.8.36 LICENSE)', () => {
    const result = identifyText(readFileSync(join(repoRoot, 'fixtures/real-world/@aikidosec/firewall@1.8.36/LICENSE')));
    expect(result.expression).toBe('LicenseRef-licit-proprietary-terms OR AGPL-3.0-only');
  });

  it('a commercial alternative to a permissive license is no choice licit makes: the commercial wording stays a part of its own', () => {
    const result = identifyText(`This software is dual licensed: you may use it under the MIT license, or under a commercial license that you purchase from Acme, which grants extra rights and support.\n\n${text('MIT')}`);
    expect(result.expression).not.toContain(' OR ');
    expect(result.expression).toMatch(/^MIT AND LicenseRef-licit-unrecognised-[0-9a-f]{16}$|^LicenseRef-licit-unrecognised-[0-9a-f]{16} AND MIT$/);
  });
});

describe('non-SPDX texts (ScanCode)', () => {
  it('names an Elastic License 2.0 / SSPL dual file, full texts or pointer (@elastic/charts 73.2.1 LICENSE.txt)', async () => {
    expect((await identifyFile(fixture('text/elastic-sspl-texts/LICENSE.txt'))).expression).toBe('Elastic-2.0 OR SSPL-1.0');
    expect((await identifyFile(fixture('text/elastic-sspl-pointer/LICENSE.txt'))).expression).toBe('SSPL-1.0 OR Elastic-2.0');
  });

  it('names a vendor terms-of-service text by its ScanCode key, classified proprietary', async () => {
    const result = await identifyFile(fixture('text/vendor-tos/TERMS.txt'));
    expect(result.expression).toBe('LicenseRef-scancode-mapbox-tos-2021');
    expect(result.confidence).toBeGreaterThan(0.95);
    expect(records.get('LicenseRef-scancode-mapbox-tos-2021')).toMatchObject({ category: 'proprietary', sources: { id: 'scancode:mapbox-tos-2021' } });
  });

  it('recognises commercial, proprietary-free, source-available and free-restricted texts', () => {
    const cases: [string, string][] = [
      ['sencha-commercial-3.17', 'proprietary'],
      ['gatling-highcharts', 'proprietary'],
      ['kreative-relay-fonts-free-use-1.2f', 'proprietary'],
      ['confluent-community-1.0', 'source-available'],
      ['anti-capitalist-1.4', 'source-available'],
    ];
    for (const [key, category] of cases) {
      const id = /^spdx_license_key: (\S+)$/m.exec(readFileSync(join(repoRoot, '..', 'shared', 'data', 'scancode-licenses', `${key}.LICENSE`), 'utf8'))![1]!;
      expect(records.get(id)?.category, key).toBe(category);
      expect(identifyText(scancodeText(key)).expression, key).toBe(id);
    }
  });

  it('a Commons Clause rider above the Apache-2.0 text is a part of its own, ANDed with it (n8n-core 0.86.1 LICENSE.md)', () => {
    const result = identifyText(readFileSync(join(repoRoot, 'fixtures/real-world/n8n-core@0.86.1/LICENSE.md')));
    expect(result.expression).toBe('LicenseRef-scancode-commons-clause AND Apache-2.0');
    expect(result.parts.map((part) => part.role)).toEqual(['terms', 'terms']);
    expect(records.get('LicenseRef-scancode-commons-clause')?.category).toBe('source-available');
    expect(identifyText(scancodeText('commons-clause')).expression).toBe('LicenseRef-scancode-commons-clause');
  });

  it('every ScanCode id the text index can report has a license record (scripts/build-rules.js)', () => {
    const header = JSON.parse(brotliDecompressSync(readFileSync(join(repoRoot, 'rules/text-index/index.json.br'))).toString('utf8')) as {
      references: { id: string; sourceIds: string[] }[];
    };
    const scancode = header.references.filter((reference) => reference.sourceIds.every((source) => source.startsWith('scancode:')));
    expect(scancode.length).toBeGreaterThan(600);
    expect(scancode.filter((reference) => !records.has(reference.id)).map((reference) => reference.id)).toEqual([]);
  });
});

describe('through the shipped CLI (bin/licit.js)', () => {
  it('identify --format json exposes the parts, their lines and roles', () => {
    const run = runLicit(['identify', fixture('text/vendor-terms-notices/LICENSE.txt'), '--format', 'json']);
    expect(run.code).toBe(0);
    const [entry] = JSON.parse(run.stdout) as { expression: string; coverage: number; parts: { role: string; startLine: number }[] }[];
    expect(entry!.expression).toBe('LicenseRef-licit-proprietary-terms AND BSD-3-Clause AND MIT');
    expect(entry!.parts.map((part) => [part.role, part.startLine])).toEqual([['terms', 7], ['bundled-notice', 29], ['bundled-notice', 62], ['bundled-notice', 93]]);
  });

  it('scan does not conclude permissive for vendor terms with bundled BSD/MIT notices', () => {
    const run = runLicit(['scan', fixture('text/scan-vendor-terms'), '--format', 'json']);
    expect(run.code).toBe(1);
    const report = parseReport(run.stdout);
    const pkg = byName(report, 'mapbox-gl', '3.9.0');
    expect(pkg.category).toBe('proprietary');
    expect(pkg.license.expression).toBe('LicenseRef-licit-proprietary-terms AND BSD-3-Clause AND MIT');
    const file = pkg.license.files.find((entry) => entry.path === 'LICENSE.txt') as { parts?: { role: string }[]; coverage?: number } | undefined;
    expect(file?.parts?.map((part) => part.role)).toEqual(['terms', 'bundled-notice', 'bundled-notice', 'bundled-notice']);
    expect(report.findings.some((finding) => finding.package === 'mapbox-gl@3.9.0' && finding.severity === 'error')).toBe(true);
  });
});
