import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { licenseIdsOf, parseExpression } from '../src/model/spdx-expression.js';
import { identifyText } from '../src/licenses/text/index.js';
import { getLicenseRecord, getVocabulary, hasGeneratedRecord } from '../src/policy/knowledge.js';
import { getModelLicense, listModelLicenses, modelClassificationRecords, type FactSource } from '../src/policy/model-knowledge.js';
import { modelKnowledge } from '../src/walk/models/knowledge.js';
import { huggingFaceEntry, ollamaEntry } from '../src/walk/models/references.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));
/** The model-license texts live beside the project (../shared/model-licenses); tests that quote them need it. */
const textsDir = join(repoRoot, '../shared/model-licenses');
const haveTexts = existsSync(textsDir);

const records = listModelLicenses();
const spdxIds = new Set<string>(JSON.parse(readFileSync(join(repoRoot, 'node_modules/spdx-license-ids/index.json'), 'utf8')) as string[]);

describe('rules/models files match their schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  it.each([
    ['rules/models/licenses.json', 'rules/schema/model-licenses.schema.json'],
    ['rules/models/references.json', 'rules/schema/model-references.schema.json'],
  ])('%s', (file, schema) => {
    const validate = ajv.compile(readJson(schema) as object);
    expect(validate(readJson(file)), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('the schema rejects a threshold without its comparison', () => {
    const validate = new Ajv({ strict: true }).compile(readJson('rules/schema/model-licenses.schema.json') as object);
    const data = structuredClone(readJson('rules/models/licenses.json')) as { licenses: { restrictions: Record<string, unknown>[] }[] };
    delete data.licenses.find((record) => record.restrictions.some((r) => r.type === 'user-threshold'))!.restrictions.find((r) => r.type === 'user-threshold')!.comparison;
    expect(validate(data)).toBe(false);
  });
});

describe('model-license records', () => {
  it('have unique ids: ScanCode keys where ScanCode has the text, LicenseRef-licit-<slug> otherwise, SPDX ids for the CC NonCommercial licenses', () => {
    const ids = records.map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(LicenseRef-(scancode|licit)-[a-z0-9.+-]+|CC-BY-NC(-SA|-ND)?-[0-9.]+)$/);
  });

  it('reuse every model record rules/licenses.json already holds, with the same id', () => {
    const generated = (readJson('rules/licenses.json') as { licenses: { id: string; category: string }[] }).licenses.filter((record) => record.category === 'model');
    const missing = generated.map((record) => record.id).filter((id) => !getModelLicense(id));
    // ScanCode's BigScience OpenRAIL-M v2 has no text here and no Hugging Face identifier of its own.
    expect(missing).toEqual(['LicenseRef-scancode-bigscience-open-rail-m2']);
  });

  it('link each license to an acceptable-use policy record when the policy text is stored', () => {
    for (const record of records) {
      const policy = record.acceptableUsePolicy;
      if (policy?.id) expect(getModelLicense(policy.id)?.kind, `${record.id} -> ${policy.id}`).toBe('acceptable-use-policy');
    }
  });

  it('every Hugging Face identifier, name and link names one license (newest first where versions share one)', () => {
    for (const record of records) for (const link of record.huggingFace.licenseLinks) expect(() => new RegExp(link)).not.toThrow();
    const names = records.flatMap((record) => record.huggingFace.licenseNames.map((name) => [name, record.id] as const));
    const byName = new Map<string, Set<string>>();
    for (const [name, id] of names) byName.set(name, (byName.get(name) ?? new Set()).add(id));
    const shared = [...byName].filter(([, ids]) => ids.size > 1).map(([name]) => name);
    expect(shared).toEqual(['gemma']);
  });

  it('make the ids rules/licenses.json lacks classifiable, with terms from the vocabulary', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(readJson('rules/schema/license-record.schema.json') as object);
    const vocabulary = getVocabulary();
    const added = modelClassificationRecords();
    expect(added.map((record) => record.id)).toContain('LicenseRef-licit-llama-3');
    for (const record of added) {
      expect(hasGeneratedRecord(record.id)).toBe(false);
      expect(getLicenseRecord(record.id)?.category).toBe('model');
      expect(validate(record), `${record.id}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(record.category).toBe('model');
      for (const term of record.obligations) expect(vocabulary[term]?.kind, `${record.id} obligation ${term}`).toBe('obligation');
      for (const term of record.restrictions) expect(vocabulary[term]?.kind, `${record.id} restriction ${term}`).toBe('restriction');
    }
    expect(added.length + records.filter((record) => hasGeneratedRecord(record.id)).length).toBe(records.length);
  });
});

describe.skipIf(!haveTexts)('facts quote their texts (../shared/model-licenses)', () => {
  const normalise = (text: string): string =>
    text
      .replace(/[“”]/g, '"')
      .replace(/[‘’]/g, "'")
      .replace(/\\_/g, '_')
      .replace(/\*\*/g, '')
      .replace(/\s+/g, ' ')
      .toLowerCase();
  const sources = records.flatMap((record) => {
    const all: [string, FactSource][] = [
      ...record.restrictions.map((fact) => [record.id, fact.source] as [string, FactSource]),
      ...record.obligations.map((fact) => [record.id, fact.source] as [string, FactSource]),
      ...(record.derivatives ? [[record.id, record.derivatives.source] as [string, FactSource]] : []),
      ...(record.acceptableUsePolicy ? [[record.id, record.acceptableUsePolicy.source] as [string, FactSource]] : []),
    ];
    return all.filter((entry): entry is [string, { file: string; clause: string; quote: string }] => 'file' in entry[1]);
  });

  it.each(sources.map(([id, source], index) => [`${index} ${id} ${source.file} ${source.clause}`, source] as const))('%s', (_label, source) => {
    const text = normalise(readFileSync(join(textsDir, source.file), 'utf8'));
    for (const part of source.quote.split('…')) expect(text, `"${part.trim()}" not in ${source.file}`).toContain(normalise(part.trim()));
  });

  it.each(records.filter((record) => record.text !== null).map((record) => [record.id, record.text!.file] as const))(
    '%s is what the text matcher reports for %s',
    (id, file) => {
      const identified = identifyText(readFileSync(join(textsDir, file)));
      expect(identified.expression).toBe(id);
    },
  );

  it('every text in ../shared/model-licenses has a record', () => {
    const files = new Set(records.flatMap((record) => (record.text ? [record.text.file] : [])));
    const texts = readdirSync(textsDir).filter((name) => /\.(txt|md)$/.test(name) && name !== 'README.md');
    expect(texts.filter((name) => !files.has(name))).toEqual([]);
  });
});

describe('rules/models/references.json', () => {
  const knowledge = modelKnowledge();
  const references = readJson('rules/models/references.json') as { models: { id: string; license: string | null }[]; huggingFaceSpdx: Record<string, string> };

  it('maps every reference to known license ids', () => {
    for (const entry of references.models) {
      if (entry.license === null) continue;
      const node = parseExpression(entry.license);
      expect(node, `${entry.id}: ${entry.license}`).not.toBeNull();
      for (const id of licenseIdsOf(node!)) expect(getModelLicense(id) ?? getLicenseRecord(id) ?? (spdxIds.has(id) ? id : undefined), `${entry.id}: ${id}`).toBeDefined();
    }
    for (const spdx of Object.values(references.huggingFaceSpdx)) expect(spdxIds.has(spdx), spdx).toBe(true);
  });

  const L = {
    llama2: 'LicenseRef-scancode-llama-2-license-2023',
    llama3: 'LicenseRef-licit-llama-3',
    llama31: 'LicenseRef-scancode-llama-3.1-license-2024',
    llama32: 'LicenseRef-scancode-llama-3.2-license-2024',
    llama33: 'LicenseRef-scancode-llama-3.3-license-2024',
    llama4: 'LicenseRef-scancode-llama-4-license-2025',
    gemma1: 'LicenseRef-scancode-gemma-tou-2024-04-01',
    gemma3: 'LicenseRef-scancode-gemma-tou-2025-03-24',
    deepseek: 'LicenseRef-scancode-deepseek-la-1.0',
  };

  it.each([
    ['meta-llama/Llama-2-7b-chat-hf', L.llama2, false],
    ['meta-llama/Meta-Llama-3-8B', L.llama3, false],
    ['meta-llama/Meta-Llama-3.1-8B-Instruct', L.llama31, false],
    ['meta-llama/Llama-3.1-405B', L.llama31, null],
    ['meta-llama/Llama-3.2-11B-Vision-Instruct', L.llama32, true],
    ['meta-llama/Llama-3.2-1B', L.llama32, false],
    ['meta-llama/Llama-3.3-70B-Instruct', L.llama33, false],
    ['meta-llama/Llama-4-Scout-17B-16E-Instruct', L.llama4, true],
    ['meta-llama/Llama-Guard-3-8B', L.llama31, null],
    ['meta-llama/Something-New', null, null],
    ['codellama/CodeLlama-7b-hf', L.llama2, null],
    ['TheBloke/Llama-2-7B-Chat-GGUF', L.llama2, null],
    ['bartowski/Meta-Llama-3.1-8B-Instruct-GGUF', L.llama31, null],
    ['lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF', L.llama31, null],
    ['onnx-community/Llama-3.2-1B-Instruct', L.llama32, false],
    ['Xenova/llama2.c-stories15M', 'MIT', null],
    ['TinyLlama/TinyLlama-1.1B-Chat-v1.0', 'Apache-2.0', null],
    ['tiiuae/falcon-40b', 'Apache-2.0', null],
    ['tiiuae/falcon-7b-instruct', 'Apache-2.0', null],
    ['tiiuae/falcon-180B', 'LicenseRef-licit-falcon-180b-tii-1.0', null],
    ['tiiuae/falcon-11B', 'LicenseRef-scancode-falcon-2-11b-1.0', null],
    ['tiiuae/Falcon3-7B-Instruct', 'LicenseRef-licit-tii-falcon-llm-2.0', null],
    ['google/gemma-2b', L.gemma1, null],
    ['google/gemma-2-9b-it', L.gemma1, null],
    ['google/gemma-3-27b-it', L.gemma3, null],
    ['Qwen/Qwen2.5-7B', 'Apache-2.0', null],
    ['Qwen/Qwen2.5-3B-Instruct', 'LicenseRef-licit-qwen-research', null],
    ['Qwen/Qwen2.5-72B-Instruct', 'LicenseRef-scancode-qwen-2024', null],
    ['Qwen/Qwen2.5-Coder-32B-Instruct', 'Apache-2.0', null],
    ['Qwen/Qwen-7B-Chat', 'LicenseRef-scancode-tongyi-qianwen-2023', null],
    ['Qwen/Qwen-1_8B', 'LicenseRef-licit-tongyi-qianwen-research', null],
    ['Qwen/Qwen1.5-7B-Chat', 'LicenseRef-scancode-tongyi-qianwen-2023', null],
    ['Qwen/Qwen2-72B-Instruct', 'LicenseRef-scancode-tongyi-qianwen-2023', null],
    ['Qwen/Qwen3-8B', 'Apache-2.0', null],
    ['stabilityai/stable-diffusion-xl-base-1.0', 'LicenseRef-licit-creativeml-openrail-plus-plus-m', null],
    ['stabilityai/stable-diffusion-2-1', 'LicenseRef-licit-creativeml-openrail-plus-plus-m', null],
    ['stabilityai/sdxl-turbo', 'LicenseRef-licit-stability-ai-non-commercial-research-2023-11-28', null],
    ['stabilityai/stable-diffusion-3.5-large', 'LicenseRef-scancode-stability-ai-community-2024', null],
    ['runwayml/stable-diffusion-v1-5', 'LicenseRef-scancode-stable-diffusion-2022-08-22', null],
    ['deepseek-ai/deepseek-coder-6.7b-instruct', L.deepseek, null],
    ['deepseek-ai/DeepSeek-V3', L.deepseek, null],
    ['deepseek-ai/DeepSeek-V3-0324', 'MIT', null],
    ['deepseek-ai/DeepSeek-R1', 'MIT', null],
    ['deepseek-ai/DeepSeek-R1-Distill-Llama-8B', `MIT AND ${L.llama31}`, null],
    ['deepseek-ai/DeepSeek-R1-Distill-Qwen-7B', 'MIT AND Apache-2.0', null],
    ['01-ai/Yi-34B', 'Apache-2.0', null],
    ['bigcode/starcoder', 'LicenseRef-scancode-bigcode-open-rail-m-v1', null],
    ['bigcode/starcoder2-15b', 'LicenseRef-scancode-bigcode-open-rail-m-v1', null],
    ['bigscience/bloom', 'LicenseRef-scancode-bigscience-rail-1.0', null],
    ['bigscience/bloomz-560m', 'LicenseRef-scancode-bigscience-rail-1.0', null],
    ['mistralai/Mistral-7B-Instruct-v0.2', 'Apache-2.0', null],
    ['mistralai/Mixtral-8x7B-v0.1', 'Apache-2.0', null],
    ['mistralai/Mistral-Large-Instruct-2407', 'LicenseRef-licit-mistral-research-license-0.1', null],
    ['mistralai/Codestral-22B-v0.1', 'LicenseRef-licit-mistral-non-production-license-0.1', null],
  ])('Hugging Face %s -> %s', (id, license, multimodal) => {
    const entry = huggingFaceEntry(id, knowledge);
    expect(entry, id).not.toBeNull();
    expect(entry!.license).toBe(license);
    if (multimodal !== null) expect(entry!.multimodal).toBe(multimodal);
  });

  it.each(['someone/my-model', 'facebook/opt-125m', 'sentence-transformers/paraphrase-foo', 'acme/Llama-2-7b-hf'])('Hugging Face %s is not known', (id) => {
    expect(huggingFaceEntry(id, knowledge)).toBeNull();
  });

  it.each([
    ['llama2', L.llama2],
    ['llama2:13b', L.llama2],
    ['codellama:7b', L.llama2],
    ['llama3', L.llama3],
    ['llama3:70b', L.llama3],
    ['llama3.1:8b', L.llama31],
    ['llama3.2', L.llama32],
    ['llama3.2-vision:11b', L.llama32],
    ['llama3.3', L.llama33],
    ['llama4:scout', L.llama4],
    ['gemma:2b', L.gemma1],
    ['gemma2:9b', L.gemma1],
    ['gemma3', L.gemma3],
    ['qwen:7b', 'LicenseRef-scancode-tongyi-qianwen-2023'],
    ['qwen2:7b', 'Apache-2.0'],
    ['qwen2:72b', 'LicenseRef-scancode-tongyi-qianwen-2023'],
    ['qwen2.5:7b', 'Apache-2.0'],
    ['qwen2.5', 'Apache-2.0'],
    ['qwen2.5:3b', 'LicenseRef-licit-qwen-research'],
    ['qwen2.5:72b-instruct', 'LicenseRef-scancode-qwen-2024'],
    ['falcon:40b', 'Apache-2.0'],
    ['falcon:180b', 'LicenseRef-licit-falcon-180b-tii-1.0'],
    ['falcon2', 'LicenseRef-scancode-falcon-2-11b-1.0'],
    ['deepseek-coder', L.deepseek],
    ['deepseek-coder:6.7b', L.deepseek],
    ['deepseek-r1:70b', `MIT AND ${L.llama33}`],
    ['deepseek-r1:14b', 'MIT'],
    ['mistral', 'Apache-2.0'],
    ['mistral:latest', 'Apache-2.0'],
    ['mistral-small:22b', 'LicenseRef-licit-mistral-research-license-0.1'],
    ['mistral-small:24b', 'Apache-2.0'],
    ['codestral', 'LicenseRef-licit-mistral-non-production-license-0.1'],
    ['starcoder2:3b', 'LicenseRef-scancode-bigcode-open-rail-m-v1'],
    ['nomic-embed-text', 'Apache-2.0'],
    ['phi3:mini', 'MIT'],
  ])('Ollama %s -> %s', (tag, license) => {
    expect(ollamaEntry(tag, knowledge)?.license).toBe(license);
  });

  it.each(['Llama3', 'llama', 'gpt-4o', 'mistral large', 'ollama', 'llama3.1:8b:extra'])('Ollama %s is not known', (tag) => {
    expect(ollamaEntry(tag, knowledge)).toBeNull();
  });
});
