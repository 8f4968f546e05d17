// Recall and precision of model and dataset detection on a realistic project (fixtures/models/eval-workbench):
// every reference and every decoy is labelled with its file and line in eval-workbench.expectations.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkModels } from '../src/walk/models/index.js';

interface Expectations {
  references: { file: string; line: number; name: string; kind: 'model' | 'dataset' | 'file' }[];
  decoys: { file: string; line: number; what: string }[];
}

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'models');
const expectations = JSON.parse(readFileSync(join(fixtures, 'eval-workbench.expectations.json'), 'utf8')) as Expectations;
const key = (kind: string, file: string, line: number, name: string): string => `${kind === 'dataset' ? 'dataset' : 'model'} ${file}:${line} ${name.toLowerCase()}`;

describe('model detection on fixtures/models/eval-workbench', async () => {
  const { components, problems } = await walkModels(join(fixtures, 'eval-workbench'), { rootName: 'ai-workbench' });
  const detected = new Set(components.flatMap((component) => (component.evidence ?? []).map((at) => key(component.kind, at.file, at.line, component.name))));
  const expected = new Set(expectations.references.map((reference) => key(reference.kind, reference.file, reference.line, reference.name)));
  const found = [...expected].filter((item) => detected.has(item));
  const wrong = [...detected].filter((item) => !expected.has(item));
  const recall = found.length / expected.size;
  const precision = found.length / detected.size;

  it('labels at least 60 references and 60 decoys', () => {
    expect(expectations.references.length).toBeGreaterThanOrEqual(60);
    expect(expectations.decoys.length).toBeGreaterThanOrEqual(60);
  });

  it(`finds at least 95% of the references with their file and line`, () => {
    expect([...expected].filter((item) => !detected.has(item))).toEqual([]);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it(`takes no decoy for a model (precision at least 97%)`, () => {
    const decoyLines = new Set(expectations.decoys.map((decoy) => `${decoy.file}:${decoy.line}`));
    expect(wrong.filter((item) => decoyLines.has(item.split(' ')[1]!))).toEqual([]);
    expect(wrong).toEqual([]);
    expect(precision).toBeGreaterThanOrEqual(0.97);
  });

  it('reports every found model or dataset whose license it does not know as model-license-unknown', () => {
    const unknown = components.filter((component) => component.license.expression === null);
    expect(unknown.length).toBeGreaterThan(0);
    const flagged = new Set(problems.filter((problem) => problem.rule === 'model-license-unknown').map((problem) => problem.package));
    expect(unknown.filter((component) => !flagged.has(component.ref)).map((component) => component.ref)).toEqual([]);
    const codeOf = (component: (typeof unknown)[number]): string => (component.kind === 'dataset' ? 'dataset-unknown' : 'model-unknown');
    const codes = new Map(problems.filter((problem) => problem.rule === 'model-license-unknown').map((problem) => [problem.package, problem.code as string]));
    expect(unknown.map((component) => codes.get(component.ref))).toEqual(unknown.map(codeOf));
    expect(new Set(unknown.map(codeOf))).toEqual(new Set(['model-unknown', 'dataset-unknown']));
  });

  it('reports datasets as their own kind with their licenses', () => {
    expect(components.find((component) => component.ref === 'dataset:tatsu-lab/alpaca')).toMatchObject({
      kind: 'dataset',
      license: { expression: 'CC-BY-NC-4.0' },
      evidence: [{ file: 'python/train.py', line: 11 }],
    });
  });

  it('gives a quantised weight file the license of the model it is a build of', () => {
    expect(components.find((component) => component.name === 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf')?.license.expression).toBe('LicenseRef-scancode-llama-3.1-license-2024');
    expect(components.find((component) => component.name === 'bartowski/gemma-2-9b-it-GGUF')?.license.expression).toBe('LicenseRef-scancode-gemma-tou-2024-04-01');
  });
});
