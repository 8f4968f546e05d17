// The ML-BOM of a project's models and datasets: CycloneDX 1.6 and SPDX 2.3, valid against the official schemas.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/model/index.js';
import { toCycloneDx, toSpdx } from '../src/sbom/index.js';
import { walkModels } from '../src/walk/models/index.js';
import { validateCycloneDx, validateSpdx } from './helpers/schemas.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'models');

async function result(directory: string): Promise<ScanResult> {
  const { components } = await walkModels(join(fixtures, directory), { rootName: 'fx' });
  return {
    schemaVersion: 1,
    tool: { name: 'licit', version: '0.0.0', spdxLicenseListVersion: '3.28.0' },
    mode: 'actual',
    root: { name: 'fx', version: '1.0.0', license: 'MIT', purl: 'pkg:npm/fx@1.0.0', workspaces: [], dependsOn: [] },
    components,
    findings: [],
    obligations: [],
    summary: { packages: 0, models: components.length, byCategory: {}, errors: 0, warnings: 0, infos: 0 },
  };
}

interface CdxComponent { type: string; 'bom-ref': string; name: string; pedigree?: { ancestors: { name: string }[] } }
interface Cdx { components: CdxComponent[]; dependencies: { ref: string; dependsOn: string[] }[] }
interface Spdx { packages: { name: string; SPDXID: string; licenseDeclared: string; licenseConcluded: string }[]; relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[] }

describe('CycloneDX ML-BOM', async () => {
  const workbench = JSON.parse(toCycloneDx(await result('eval-workbench'), { timestamp: null })) as Cdx;
  const lineage = JSON.parse(toCycloneDx(await result('lineage'), { timestamp: null })) as Cdx;

  it('is valid against the CycloneDX 1.6 schema', () => {
    expect(validateCycloneDx(workbench)).toEqual([]);
    expect(validateCycloneDx(lineage)).toEqual([]);
  });

  it('gives datasets the type data and models machine-learning-model, with bom-refs that are not display names', () => {
    const alpaca = workbench.components.find((component) => component.name === 'tatsu-lab/alpaca');
    expect(alpaca).toMatchObject({ type: 'data', 'bom-ref': 'dataset:tatsu-lab/alpaca' });
    const llama = workbench.components.find((component) => component.name === 'meta-llama/Llama-2-7b-hf');
    expect(llama).toMatchObject({ type: 'machine-learning-model', 'bom-ref': 'model:meta-llama/Llama-2-7b-hf' });
  });

  it('lists every model and dataset the project names among the root\'s dependencies', () => {
    const root = workbench.dependencies[0]!;
    expect(root.dependsOn).toHaveLength(workbench.components.length);
    expect(root.dependsOn).toContain('dataset:tatsu-lab/alpaca');
  });

  it('names the base models of a fine-tune as pedigree ancestors', () => {
    const lora = lineage.components.find((component) => component.name === 'acme/llama2-7b-sql');
    expect(lora?.pedigree?.ancestors.map((ancestor) => ancestor.name)).toEqual(['meta-llama/Llama-2-7b-hf']);
  });
});

describe('SPDX 2.3', async () => {
  const workbench = JSON.parse(toSpdx(await result('eval-workbench'), { created: '2024-01-01T00:00:00Z' })) as Spdx;

  it('is valid, with licenseDeclared NOASSERTION for a model only named in code (licit\'s lookup is concluded, not declared)', () => {
    expect(validateSpdx(workbench)).toEqual([]);
    const llama = workbench.packages.find((pkg) => pkg.name === 'meta-llama/Llama-2-7b-hf');
    expect(llama).toMatchObject({ licenseDeclared: 'NOASSERTION', licenseConcluded: 'LicenseRef-scancode-llama-2-license-2023' });
  });

  it('relates the root to every model it names', () => {
    const llama = workbench.packages.find((pkg) => pkg.name === 'meta-llama/Llama-2-7b-hf')!;
    expect(workbench.relationships).toContainEqual(expect.objectContaining({ relationshipType: 'DEPENDS_ON', relatedSpdxElement: llama.SPDXID }));
  });
});

describe('weight-file hashes', async () => {
  const bom = JSON.parse(toCycloneDx(await result('gguf-qwen'), { timestamp: null })) as { components: { name: string; hashes?: { alg: string; content: string }[] }[] };

  it('gives a model made of one weight file the SHA-256 of that file', () => {
    const file = readFileSync(join(fixtures, 'gguf-qwen', 'qwen2.5-72b-instruct-tiny.gguf'));
    expect(bom.components[0]?.hashes).toEqual([{ alg: 'SHA-256', content: createHash('sha256').update(file).digest('hex') }]);
  });

  it('hashes nothing above the size bound', async () => {
    const { weightFileIntegrity } = await import('../src/walk/models/weight-hash.js');
    expect(await weightFileIntegrity(join(fixtures, 'gguf-qwen', 'qwen2.5-72b-instruct-tiny.gguf'), 100)).toBeNull();
  });
});
