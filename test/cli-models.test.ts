import { describe, expect, test } from 'vitest';
import { byName, fixture, parseReport, runLicit } from './helpers/cli.js';
import { scanInProcess } from './helpers/scan-in-process.js';
import { validateCycloneDx } from './helpers/schemas.js';

// In-process through the scan the CLI runs, but for the model flags; smoke.test.ts reads models through bin/licit.js.

describe('licit scan finds the AI models a project names, ships or installs', () => {
  test('a model named in code gets its license, the facts to confirm and its duties', async () => {
    const { report } = await scanInProcess(fixture('models/source-refs'));
    const llama = byName(report, 'meta-llama/Llama-2-7b-chat-hf');
    expect(llama).toMatchObject({ kind: 'model', category: 'model', purl: 'pkg:huggingface/meta-llama/Llama-2-7b-chat-hf' });
    expect(llama.license.expression).toBe('LicenseRef-scancode-llama-2-license-2023');
    const needed = report.findings.find((finding) => finding.package === llama.name && finding.rule === 'model-context-needed');
    expect(needed?.severity).toBe('warning');
    expect(String((needed as unknown as { args: { facts: string } }).args.facts)).toContain('monthlyActiveUsers');
    expect(report.summary.packages).toBe(report.packages.filter((entry) => entry.kind === 'npm').length);
  });

  test('a weight file inside an installed package is found by type, without --deep', async () => {
    const { report } = await scanInProcess(fixture('models/source-refs'));
    const embedded = report.packages.find((entry) => entry.kind === 'model' && entry.paths.some((path) => path.startsWith('node_modules/')));
    expect(embedded?.license.expression).toMatch(/llama-3\.2/);
  });

  test('the CycloneDX SBOM lists models as machine-learning-model components', async () => {
    const bom = JSON.parse(await (await scanInProcess(fixture('models/source-refs'))).render('cyclonedx')) as { components: { type: string; name: string; licenses?: unknown[] }[] };
    expect(validateCycloneDx(bom)).toEqual([]);
    const llama = bom.components.find((component) => component.name === 'meta-llama/Llama-2-7b-chat-hf');
    expect(llama?.type).toBe('machine-learning-model');
    expect(JSON.stringify(llama?.licenses)).toContain('LicenseRef-scancode-llama-2-license-2023');
  });

  test('--no-models leaves them out; --models-only keeps only them (the CLI)', () => {
    const without = parseReport(runLicit(['scan', fixture('models/source-refs'), '--format', 'json', '--no-models']).stdout);
    expect(without.packages.every((entry) => entry.kind === 'npm')).toBe(true);
    const only = parseReport(runLicit(['scan', fixture('models/source-refs'), '--format', 'json', '--models-only']).stdout);
    expect(only.packages.length).toBeGreaterThan(0);
    expect(only.packages.every((entry) => entry.kind === 'model')).toBe(true);
  });

  test('a Llama 2 fine-tune whose card claims MIT is reported under Llama 2 with the lineage finding (bin/licit.js)', () => {
    const run = runLicit(['scan', fixture('models/lineage'), '--format', 'json']);
    const report = parseReport(run.stdout);
    const adapter = byName(report, 'acme/llama2-7b-sql');
    expect(adapter.license.expression).toBe('MIT AND LicenseRef-scancode-llama-2-license-2023');
    const conflict = report.findings.find((finding) => finding.rule === 'model-license-conflict' && finding.package === 'acme/llama2-7b-sql');
    expect(conflict).toMatchObject({ severity: 'warning', path: 'models/llama2-sql/README.md' });
    expect(conflict?.message).toBe(
      'acme/llama2-7b-sql: models/llama2-sql/README.md:2 claims MIT, but it derives from meta-llama/Llama-2-7b-hf, whose LicenseRef-scancode-llama-2-license-2023 binds derivatives (llama-2.txt 1.b.i)',
    );
    // The Llama 2 terms are judged on the derivative as on the base.
    expect(report.findings.some((finding) => finding.rule === 'model-context-needed' && finding.package === 'acme/llama2-7b-sql')).toBe(true);
    expect(report.findings.filter((finding) => finding.rule === 'model-license-conflict').map((finding) => finding.package).sort()).toEqual([
      'LLaMA v2 (models/gguf/sql-coder-7b.Q5_K_M.gguf)',
      'acme/gemma-2b-support',
      'acme/llama2-7b-sql',
    ]);
  });

  test.each([
    ['commercial', 1, ['model-restriction/commercial-use', 'model-restriction/commercial-use-permission']],
    ['non-commercial', 0, []],
  ])('FLUX.1-dev and Command R under a %s context (bin/licit.js)', (context, status, expected) => {
    const run = runLicit(['scan', fixture('models/non-commercial'), '--format', 'json', '--config', fixture(`models/non-commercial/contexts/${context}.json`)]);
    expect(run.code).toBe(status);
    const report = parseReport(run.stdout);
    expect(byName(report, 'black-forest-labs/FLUX.1-dev').license.expression).toBe('LicenseRef-licit-flux-1-dev-non-commercial');
    expect(byName(report, 'CohereForAI/c4ai-command-r-v01').license.expression).toBe('CC-BY-NC-4.0 AND LicenseRef-licit-cohere-c4ai-acceptable-use-policy');
    expect(report.findings.map((finding) => `${finding.rule}/${finding.code}`).sort()).toEqual(expected);
  });

  test('FLUX.1-dev with no stated use fails closed under the default distributed policy (bin/licit.js)', () => {
    const run = runLicit(['scan', fixture('models/non-commercial'), '--format', 'json']);
    expect(run.code).toBe(1);
    const findings = parseReport(run.stdout).findings.filter((finding) => finding.rule === 'model-context-needed');
    expect(findings.map((finding) => [finding.package, finding.severity, finding.code])).toEqual([
      ['CohereForAI/c4ai-command-r-v01', 'error', 'commercial-use-needed'],
      ['black-forest-labs/FLUX.1-dev', 'error', 'commercial-use-needed'],
    ]);
  });
});
