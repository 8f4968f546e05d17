// `licit audit` on a mixed codebase: every component kind named with its license and evidence, the
// deliverables valid (report schema, official SBOM schemas) and deterministic, the NOTICE grouped.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { scanFails } from '../src/pipeline/gate.js';
import { todayUtc } from '../src/pipeline/scan.js';
import type { ScanResult } from '../src/model/index.js';
import { runAudit } from '../src/pipeline/audit.js';
import { renderAuditOutputs } from '../src/pipeline/audit-outputs.js';
import { defaultPolicy } from '../src/policy/config.js';
import { copyFixture, fixture, parseReport, runLicit, scratchDir } from './helpers/cli.js';
import { validateCycloneDx, validateSpdx } from './helpers/schemas.js';

process.env.SOURCE_DATE_EPOCH ??= '1700000000';

const audit = (directory: string): Promise<ScanResult> => runAudit(directory, { ignore: [] }, { policy: defaultPolicy(), today: todayUtc() });

describe('licit audit of fixtures/audit/mixed', () => {
  const directory = fixture('audit/mixed');
  let result: ScanResult;
  let outputs: Map<string, string>;
  const rendered = async (result: ScanResult): Promise<Map<string, string>> =>
    new Map<string, string>((await renderAuditOutputs(directory, result, { failOn: 'error', sourceDateEpoch: process.env.SOURCE_DATE_EPOCH })).map(({ name, content }) => [name, content]));
  beforeAll(async () => {
    result = await audit(directory);
    outputs = await rendered(result);
  });
  const component = (kind: string, name: string): ScanResult['components'][number] => {
    const found = result.components.find((candidate) => candidate.kind === kind && candidate.name === name);
    if (!found) throw new Error(`no ${kind} component ${name}: ${result.components.map((candidate) => `${candidate.kind}:${candidate.name}`).join(', ')}`);
    return found;
  };

  test('fails (exit 1) on the GPL-3.0-or-later file in the MIT app, pointing at its file and line', () => {
    expect(scanFails(result, 'error')).toBe(true);
    const finding = result.findings.find((candidate) => candidate.rule === 'incompatible-with-project' && candidate.package === 'file:src/frob.c');
    expect(finding).toMatchObject({ severity: 'error', license: 'GPL-3.0-or-later', path: 'src/frob.c', args: { line: 5, projectLicense: 'MIT' } });
  });

  test('names the vendored C library as one component with its own license, version and copyright lines', () => {
    const zlib = component('vendored', 'zlib');
    expect(zlib).toMatchObject({ version: '1.3.1', paths: ['vendor/zlib'], category: 'permissive' });
    expect(zlib.license.expression).toBe('Zlib');
    expect(zlib.license.files.map((file) => [file.path, file.expression])).toEqual([['LICENSE', 'Zlib']]);
    // Two source files whose headers point at zlib.h ("For conditions of distribution and use, see
    // copyright notice in zlib.h"): a reference notice identification reads as Zlib.
    expect(zlib.headers).toEqual({ Zlib: 2 });
    expect(zlib.copyrights).toContain('Copyright (C) 1995-2022 Mark Adler');
  });

  test('reads the LGPL package installed in the virtual environment, and its pin in requirements.txt adds no second copy', () => {
    const chardet = result.components.filter((candidate) => candidate.kind === 'python');
    expect(chardet).toHaveLength(1);
    expect(chardet[0]).toMatchObject({ name: 'chardet', version: '5.2.0', purl: 'pkg:pypi/chardet@5.2.0', category: 'weak-copyleft' });
    expect(chardet[0]!.license.expression).toMatch(/^LGPL-2\.1/);
    expect(chardet[0]!.authors).toContain('Mark Pilgrim');
    expect(result.findings.some((finding) => finding.package === 'pkg:pypi/chardet@5.2.0' && finding.rule === 'incompatible-with-project' && finding.code === 'library-copyleft')).toBe(true);
  });

  test('names the model card, the npm packages and the minified bundle by its banner', () => {
    expect(result.components.filter((candidate) => candidate.kind === 'model')).toHaveLength(1);
    expect(component('npm', 'fx-pm-mit').license.expression).toBe('MIT');
    expect(component('bundle', 'tinybundle')).toMatchObject({ version: '2.1.0', paths: ['public/js/tinybundle.min.js'], copyrights: ['(c) 2024 Tiny Authors'] });
    expect(component('bundle', 'tinybundle').license.expression).toBe('MIT');
  });

  test('counts first-party headers under the project license instead of listing each file', () => {
    expect(result.components.some((candidate) => candidate.paths.includes('src/index.js'))).toBe(false);
    expect(result.audit?.firstParty.headers).toEqual({ 'GPL-3.0-or-later': 1, MIT: 1, none: 1 });
    expect(result.audit?.npmProjects).toEqual(['.']);
  });

  test('the JSON report matches the published schema, and both SBOMs the official schemas', () => {
    const report = parseReport(outputs.get('report.json')!);
    expect(new Set(report.packages.map((entry) => entry.kind))).toEqual(new Set(['bundle', 'file', 'model', 'npm', 'python', 'vendored']));
    const cyclonedx = JSON.parse(outputs.get('sbom.cdx.json')!) as { components: { name: string; type: string; copyright?: string; licenses?: unknown[]; evidence?: unknown }[] };
    expect(validateCycloneDx(cyclonedx)).toEqual([]);
    expect(validateSpdx(JSON.parse(outputs.get('sbom.spdx.json')!))).toEqual([]);
    const zlib = cyclonedx.components.find((entry) => entry.name === 'zlib')!;
    expect(zlib.copyright).toContain('Jean-loup Gailly and Mark Adler');
    expect(zlib.licenses).toEqual([
      { license: { id: 'Zlib', acknowledgement: 'declared' } },
      { license: { id: 'Zlib', acknowledgement: 'concluded' } },
    ]);
    expect(cyclonedx.components.find((entry) => entry.name === 'src/frob.c')).toMatchObject({ type: 'file', evidence: { occurrences: [{ location: 'src/frob.c', line: 5 }] } });
  });

  test('THIRD-PARTY-NOTICES: each license body once, with every copyright line, never a template placeholder', () => {
    const notice = outputs.get('THIRD-PARTY-NOTICES.md')!;
    expect(notice).not.toMatch(/^\s*Copyright.*(<year>|<copyright holders>)/im);
    // fx-pm-mit's LICENSE and the bundle's reference MIT text are one body, two copyright holders.
    expect(notice.match(/^### MIT$/gm)).toHaveLength(1);
    expect(notice).toContain('`tinybundle@2.1.0`: (c) 2024 Tiny Authors');
    expect(notice).toContain('(C) 1995-2024 Jean-loup Gailly and Mark Adler');
    expect(notice).toContain('GNU LESSER GENERAL PUBLIC LICENSE');
  });

  test('inventory.csv has one row per component', () => {
    const lines = outputs.get('inventory.csv')!.trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,name,version,license,declared,category,source,scopes,paths,copyrights,findings,purl');
    expect(lines).toHaveLength(result.components.length + 1);
    expect(lines.find((line) => line.startsWith('vendored,zlib,'))).toContain(',Zlib,');
  });

  test('the same tree gives byte-identical deliverables', async () => {
    const again = await rendered(await audit(directory));
    for (const [name, content] of outputs) expect(again.get(name), name).toBe(content);
  });
});

describe('what the walk cannot read is a finding, and the audit goes on', () => {
  test('a symbolic link looping back to its own folder is an unscanned-path warning', async () => {
    const directory = copyFixture('audit/mixed');
    symlinkSync('..', join(directory, 'src', 'loop'));
    const result = await audit(directory);
    expect(result.findings.find((finding) => finding.rule === 'unscanned-path')).toMatchObject({ code: 'symlink-loop', severity: 'warning', path: 'src/loop' });
    expect(result.audit?.notScanned).toEqual([{ path: 'src/loop', reason: 'loop' }]);
    expect(result.components.some((component) => component.name === 'zlib')).toBe(true);
  });

  test.skipIf(process.getuid?.() === 0)('a folder licit may not read is an unscanned-path error', async () => {
    const directory = copyFixture('audit/mixed');
    const { chmodSync } = await import('node:fs');
    mkdirSync(join(directory, 'secret'));
    writeFileSync(join(directory, 'secret', 'x.c'), '/* GPL */');
    chmodSync(join(directory, 'secret'), 0o000);
    try {
      const result = await audit(directory);
      expect(result.findings.find((finding) => finding.rule === 'unscanned-path')).toMatchObject({ code: 'permission-denied', severity: 'error', path: 'secret' });
    } finally {
      chmodSync(join(directory, 'secret'), 0o755);
    }
  });

  test('a header no known license explains is an unknown-license error on that file', async () => {
    const directory = copyFixture('audit/mixed');
    writeFileSync(join(directory, 'src', 'odd.js'), '/*\n * Copyright 2020 Odd Corp.\n * This file may be used only by people whose name starts with Q, on Tuesdays,\n * and must not be shown to any licensee of the software whatsoever.\n */\nexport const odd = 1;\n');
    const result = await audit(directory);
    const finding = result.findings.find((candidate) => candidate.package === 'file:src/odd.js');
    expect(finding).toMatchObject({ rule: 'unknown-license', severity: 'error', path: 'src/odd.js' });
  });
});

describe('licit audit through the built CLI', () => {
  test('writes the six deliverables and exits 1 on the mixed fixture', () => {
    const output = join(scratchDir(), 'audit');
    const run = runLicit(['audit', fixture('audit/mixed'), '-o', output]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^licit: FAIL/);
    expect(readdirSync(output).sort()).toEqual(['THIRD-PARTY-NOTICES.md', 'inventory.csv', 'report.html', 'report.json', 'sbom.cdx.json', 'sbom.spdx.json']);
    const report = parseReport(readFileSync(join(output, 'report.json'), 'utf8'));
    expect(report.findings.some((finding) => finding.package === 'file:src/frob.c')).toBe(true);
  });

  test('a missing directory, or -o naming a file, is one line on stderr, exit 2 and nothing written', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'licit-audit-'));
    const missing = runLicit(['audit', join(scratch, 'nope'), '-o', join(scratch, 'out')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^licit: no such directory: .*nope\n$/);
    writeFileSync(join(scratch, 'file'), '');
    const onFile = runLicit(['audit', fixture('audit/mixed'), '-o', join(scratch, 'file')]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(readdirSync(scratch).sort()).toEqual(['file']);
  });
});
