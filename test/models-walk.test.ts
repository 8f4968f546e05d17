import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Component, ScanResult } from '../src/model/index.js';
import { toCycloneDx, toSpdx } from '../src/sbom/index.js';
import { validateCycloneDx, validateSpdx } from './helpers/schemas.js';
import { walkModels } from '../src/walk/models/index.js';
import { UNREADABLE_MODEL_FILE } from '../src/walk/models/artifacts.js';
import { readGgufHeader, GGUF_LIMITS } from '../src/walk/models/gguf.js';
import { readSafetensorsHeader } from '../src/walk/models/safetensors.js';
import { listModelLicenses } from '../src/policy/model-knowledge.js';
import { ggufEntry, ggufFile, ggufString, safetensorsFile, tempProject, u32, u64 } from './models-helpers.js';

const fixtures = fileURLToPath(new URL('../fixtures/models/', import.meta.url));
const temporary: string[] = [];
const project = (files: Record<string, string | Buffer>): string => {
  const root = tempProject(files);
  temporary.push(root);
  return root;
};
afterAll(() => {
  for (const root of temporary) rmSync(root, { recursive: true, force: true });
});

const byName = (components: Component[], name: string): Component => {
  const component = components.find((candidate) => candidate.name === name);
  expect(component, `no component ${name} among ${components.map((c) => c.name).join(', ')}`).toBeDefined();
  return component!;
};

describe('model artifacts in fixtures/models', async () => {
  const { components, problems } = await walkModels(fixtures, { rootName: 'fx-models', ignore: ['eval-workbench/**', '*.expectations.json'] });

  it('reads a Hugging Face model card naming the Llama 2 license', () => {
    const card = byName(components, 'card-llama2');
    expect(card).toMatchObject({
      kind: 'model',
      version: null,
      category: 'model',
      scopes: ['prod'],
      direct: true,
      via: ['fx-models', 'card-llama2'],
      dependsOn: [],
      license: { declared: 'llama2', expression: 'LicenseRef-scancode-llama-2-license-2023', source: 'metadata' },
    });
    expect(card.evidence).toEqual([{ file: 'card-llama2/README.md', line: 4 }]);
  });

  it('gives a fine-tune the license of its Llama base model, whatever its own card says', () => {
    const finetune = byName(components, 'acme/support-bot-8b');
    expect(finetune.license.expression).toBe('Apache-2.0 AND LicenseRef-scancode-llama-3.1-license-2024');
    expect(finetune.model).toEqual({ family: 'llama', version: '3.1', multimodal: false, baseModels: ['meta-llama/Llama-3.1-8B-Instruct'] });
  });

  it('identifies the license text beside a model whose card says only "other"', () => {
    const falcon = byName(components, 'falcon-license-text');
    expect(falcon.license).toMatchObject({ declared: 'other', expression: 'LicenseRef-licit-falcon-llm-1.0', source: 'file' });
    expect(falcon.license.files).toEqual([expect.objectContaining({ path: 'LICENSE.txt', expression: 'LicenseRef-licit-falcon-llm-1.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(falcon.paths).toEqual(['falcon-license-text/LICENSE.txt', 'falcon-license-text/README.md']);
  });

  it('lets a versioned license text decide between versions of a family the card names (gemma)', () => {
    const gemma = byName(components, 'gemma-dir');
    expect(gemma.license.expression).toBe('LicenseRef-scancode-gemma-tou-2024-04-01');
    expect(problems.filter((problem) => problem.path === 'gemma-dir')).toEqual([]);
  });

  it('reads the license and name from a committed GGUF header', () => {
    const gguf = byName(components, 'Qwen2.5 72B Instruct');
    expect(gguf.license.expression).toBe('LicenseRef-scancode-qwen-2024');
    expect(gguf.purl).toBe('pkg:generic/Qwen2.5%2072B%20Instruct');
    expect(gguf.paths).toEqual(['gguf-qwen/qwen2.5-72b-instruct-tiny.gguf']);
  });

  it('reads the license from safetensors __metadata__', () => {
    expect(byName(components, 'Stable Diffusion XL 1.0 base').license.expression).toBe('LicenseRef-licit-creativeml-openrail-plus-plus-m');
  });

  it('finds weight files inside node_modules by type, and no source references there', () => {
    expect(byName(components, 'Llama 3.2 1B Instruct')).toMatchObject({
      license: { expression: 'LicenseRef-scancode-llama-3.2-license-2024' },
      paths: ['source-refs/node_modules/fx-embedded/models/llama-3.2-1b-tiny.gguf'],
    });
    expect(components.some((component) => component.name === 'meta-llama/Meta-Llama-3-8B')).toBe(false);
  });

  it('reports no problems for the well-formed fixtures but the lineage conflicts they are made of', () => {
    expect(problems.filter((problem) => problem.rule !== 'model-license-conflict')).toEqual([]);
    expect(problems.filter((problem) => problem.rule === 'model-license-conflict').map((problem) => problem.package).sort()).toEqual([
      'LLaMA v2 (lineage/models/gguf/sql-coder-7b.Q5_K_M.gguf)',
      'acme/gemma-2b-support',
      'acme/llama2-7b-sql',
      'acme/support-bot-8b',
    ]);
  });

  it('gives components the CycloneDX 1.6 and SPDX 2.3 writers turn into valid documents', () => {
    const result: ScanResult = {
      schemaVersion: 1,
      tool: { name: 'licit', version: '0.0.0', spdxLicenseListVersion: '3.28.0' },
      mode: 'actual',
      root: { name: 'fx-models', version: '1.0.0', license: 'MIT', purl: 'pkg:npm/fx-models@1.0.0', workspaces: [], dependsOn: components.map((component) => component.ref) },
      components,
      findings: [],
      obligations: [],
      summary: { packages: 0, models: components.length, byCategory: {}, errors: 0, warnings: 0, infos: 0 },
    };
    const bom = JSON.parse(toCycloneDx(result, { timestamp: null })) as { components: { type: string }[] };
    expect(validateCycloneDx(bom)).toEqual([]);
    expect(new Set(bom.components.map((component) => component.type))).toEqual(new Set(['machine-learning-model']));
    expect(validateSpdx(JSON.parse(toSpdx(result, { created: '2024-01-01T00:00:00Z' })))).toEqual([]);
  });
});

describe('lineage: a derivative judged against its base models (fixtures/models/lineage)', async () => {
  const { components, problems } = await walkModels(join(fixtures, 'lineage'), { rootName: 'fx-model-lineage' });
  const conflictOf = (ref: string): unknown => problems.find((problem) => problem.rule === 'model-license-conflict' && problem.package === ref);

  it('puts a Llama 2 LoRA whose card claims MIT under Llama 2, with a finding naming both sources', () => {
    const adapter = byName(components, 'acme/llama2-7b-sql');
    expect(adapter.license.expression).toBe('MIT AND LicenseRef-scancode-llama-2-license-2023');
    expect(adapter.model?.baseModels).toEqual(['meta-llama/Llama-2-7b-hf']);
    expect(conflictOf('acme/llama2-7b-sql')).toEqual({
      rule: 'model-license-conflict',
      code: 'derivative-of-base',
      package: 'acme/llama2-7b-sql',
      path: 'models/llama2-sql/README.md',
      args: {
        claimed: 'MIT',
        claimedIn: 'models/llama2-sql/README.md:2',
        base: 'meta-llama/Llama-2-7b-hf',
        baseLicense: 'LicenseRef-scancode-llama-2-license-2023',
        clause: 'llama-2.txt 1.b.i',
      },
    });
  });

  it('reads the base of a full fine-tune from config.json _name_or_path (Gemma claiming Apache-2.0)', () => {
    const gemma = byName(components, 'acme/gemma-2b-support');
    expect(gemma.license.expression).toBe('Apache-2.0 AND LicenseRef-scancode-gemma-tou-2024-04-01');
    expect(gemma.paths).toEqual(['models/gemma-support/README.md', 'models/gemma-support/config.json']);
    expect(conflictOf('acme/gemma-2b-support')).toMatchObject({ args: { claimed: 'Apache-2.0', base: 'google/gemma-2b', claimedIn: 'models/gemma-support/README.md:3' } });
  });

  it('takes no model the project uses from the names in a model config (model_type, _name_or_path)', () => {
    expect(components.map((component) => component.name).filter((name) => /gemma-2b$|^gemma$|Llama-2-7b-hf/.test(name))).toEqual([]);
  });

  it('keeps two GGUF files with one general.name apart, and judges only the one claiming MIT', () => {
    const llamas = components.filter((component) => component.name === 'LLaMA v2');
    expect(llamas.map((component) => [component.ref, component.license.expression, component.paths])).toEqual([
      ['LLaMA v2 (models/gguf/llama-2-7b-chat.Q4_K_M.gguf)', 'LicenseRef-scancode-llama-2-license-2023', ['models/gguf/llama-2-7b-chat.Q4_K_M.gguf']],
      ['LLaMA v2 (models/gguf/sql-coder-7b.Q5_K_M.gguf)', 'MIT AND LicenseRef-scancode-llama-2-license-2023', ['models/gguf/sql-coder-7b.Q5_K_M.gguf']],
    ]);
    expect(conflictOf('LLaMA v2 (models/gguf/sql-coder-7b.Q5_K_M.gguf)')).toMatchObject({ args: { claimedIn: 'models/gguf/sql-coder-7b.Q5_K_M.gguf:1' } });
    expect(conflictOf('LLaMA v2 (models/gguf/llama-2-7b-chat.Q4_K_M.gguf)')).toBeUndefined();
  });

  it('keeps quantisations of one model in one directory together, and finds no conflict where the claim is the base license', async () => {
    const root = project({
      'package.json': '{}',
      'm/README.md': '---\nlicense: llama2\nbase_model: meta-llama/Llama-2-7b-chat-hf\nmodel_name: acme/chat-gguf\n---\n',
      'm/chat.Q4_K_M.gguf': ggufFile({ 'general.name': 'LLaMA v2' }),
      'm/chat.Q8_0.gguf': ggufFile({ 'general.name': 'LLaMA v2' }),
    });
    const walk = await walkModels(root, { rootName: 'p' });
    expect(walk.components.map((component) => [component.name, component.paths])).toEqual([['acme/chat-gguf', ['m/README.md', 'm/chat.Q4_K_M.gguf', 'm/chat.Q8_0.gguf']]]);
    expect(walk.problems).toEqual([]);
  });

  it('links a derivative to its base when the project also uses the base (a dependsOn edge)', async () => {
    const root = project({
      'package.json': '{}',
      'src/base.py': 'model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf")\n',
      'ft/README.md': '---\nlicense: mit\nbase_model: meta-llama/Llama-2-7b-hf\nmodel_name: acme/ft\nlibrary_name: peft\n---\n',
    });
    const walk = await walkModels(root, { rootName: 'p' });
    expect(byName(walk.components, 'acme/ft').dependsOn).toEqual(['meta-llama/Llama-2-7b-hf']);
    expect(byName(walk.components, 'meta-llama/Llama-2-7b-hf').dependsOn).toEqual([]);
  });
});

describe('model references in source and config (fixtures/models/source-refs)', async () => {
  const { components } = await walkModels(join(fixtures, 'source-refs'), { rootName: 'fx-model-refs' });

  it('gives code naming meta-llama/Llama-2-7b-chat-hf the Llama 2 license, with file and line', () => {
    expect(byName(components, 'meta-llama/Llama-2-7b-chat-hf')).toMatchObject({
      ref: 'meta-llama/Llama-2-7b-chat-hf',
      purl: 'pkg:huggingface/meta-llama/Llama-2-7b-chat-hf',
      license: { declared: null, expression: 'LicenseRef-scancode-llama-2-license-2023', source: 'metadata' },
      category: 'model',
      evidence: [{ file: 'src/chat.ts', line: 5 }],
      paths: ['src/chat.ts'],
      via: ['fx-model-refs', 'meta-llama/Llama-2-7b-chat-hf'],
    });
  });

  it('merges every sighting of an Ollama tag into one component', () => {
    expect(byName(components, 'llama3.1:8b')).toMatchObject({
      purl: 'pkg:generic/ollama/llama3.1@8b',
      license: { expression: 'LicenseRef-scancode-llama-3.1-license-2024' },
      evidence: [
        { file: '.env', line: 1 },
        { file: 'src/local.js', line: 2 },
      ],
    });
  });

  it.each([
    ['gemma:2b', 'LicenseRef-scancode-gemma-tou-2024-04-01', 'src/local.js', 3],
    ['google/gemma-2b', 'LicenseRef-scancode-gemma-tou-2024-04-01', 'scripts/train.py', 3],
    ['tiiuae/falcon-40b', 'Apache-2.0', 'scripts/train.py', 4],
    ['qwen2.5:7b', 'Apache-2.0', 'config/models.yaml', 2],
    ['deepseek-ai/DeepSeek-R1-Distill-Llama-70B', 'MIT AND LicenseRef-scancode-llama-3.3-license-2024', 'config/models.yaml', 4],
    ['deepseek-coder', 'LicenseRef-scancode-deepseek-la-1.0', '.env', 2],
    ['falcon:40b', 'Apache-2.0', 'Modelfile', 1],
    ['Xenova/all-MiniLM-L6-v2', 'Apache-2.0', 'src/chat.ts', 6],
    ['Xenova/TinyLlama-1.1B-Chat-v1.0', 'Apache-2.0', 'src/chat.ts', 7],
    ['Xenova/llama2.c-stories15M', 'MIT', 'src/chat.ts', 8],
  ])('%s -> %s (%s:%i)', (name, expression, file, line) => {
    const component = byName(components, name);
    expect(component.license.expression).toBe(expression);
    expect(component.evidence).toContainEqual({ file, line });
  });

  it('leaves out npm scopes, GitHub URLs, prose, dist/, package.json and node_modules', () => {
    const names = components.map((component) => component.name);
    expect(names).not.toContain('mistralai/mistralai');
    expect(names).not.toContain('meta-llama/llama3');
    expect(names).not.toContain('Mistral');
    expect(names).not.toContain('Qwen/Qwen2.5-72B-Instruct');
    expect(names).not.toContain('meta-llama/Meta-Llama-3-8B');
    expect(components.every((component) => component.evidence!.every((evidence) => evidence.file !== 'package.json'))).toBe(true);
  });

  it('is deterministic: sorted components, sorted evidence, the same result twice', async () => {
    const again = await walkModels(join(fixtures, 'source-refs'), { rootName: 'fx-model-refs' });
    expect(again.components).toEqual(components);
    expect(components.map((component) => component.name)).toEqual([...components.map((component) => component.name)].sort());
  });
});

describe('bare Ollama names', () => {
  it('count on a line about models, or with a tag or provider prefix, but not as ordinary words', async () => {
    const root = project({
      'src/a.ts': [
        "export const label = 'mistral';",
        "export const chat = { model: 'mistral' };",
        "export const vision = 'gemma3:4b';",
        "export const routed = 'ollama/phi3';",
        "export const word = 'phi3';",
      ].join('\n'),
      'config.yaml': 'theme: falcon\nllm_model: qwen3\n',
    });
    const { components } = await walkModels(root);
    expect(components.map((component) => [component.name, component.evidence])).toEqual([
      ['gemma3:4b', [{ file: 'src/a.ts', line: 3 }]],
      ['mistral', [{ file: 'src/a.ts', line: 2 }]],
      ['phi3', [{ file: 'src/a.ts', line: 4 }]],
      ['qwen3', [{ file: 'config.yaml', line: 2 }]],
    ]);
  });
});

describe('every model license with a text, named by a model card or a GGUF header', () => {
  const records = listModelLicenses().filter((record) => record.kind === 'license');
  /** A Hugging Face id several versions share (`gemma`) names the newest terms. */
  const newestFor = (huggingFaceId: string): string =>
    records.filter((record) => record.huggingFace.licenses.includes(huggingFaceId)).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))[0]!.id;
  const named = records.flatMap((record) => {
    if (record.text === null) return [];
    const id = record.huggingFace.licenses[0];
    const name = record.huggingFace.licenseNames[0]!;
    const declared: Record<string, string> = id ? { license: id } : { license: 'other', license_name: name };
    return [[record.id, id ? newestFor(id) : record.id, declared] as const];
  });

  it('covers every license text', () => {
    expect(named.length).toBe(records.filter((record) => record.text !== null).length);
    expect(named.length).toBeGreaterThanOrEqual(20);
  });

  it.each(named)('%s from a card', async (_id, expected, declared) => {
    const frontMatter = Object.entries(declared).map(([key, value]) => `${key}: ${value}`).join('\n');
    const root = project({ 'model/README.md': `---\n${frontMatter}\npipeline_tag: text-generation\n---\n# A model\n` });
    const { components, problems } = await walkModels(root);
    expect(problems).toEqual([]);
    expect(components.map((component) => component.license.expression)).toEqual([expected]);
  });

  it.each(named)('%s from a GGUF header', async (_id, expected, declared) => {
    const entries: Record<string, string> = { 'general.name': 'fixture', 'general.license': declared.license! };
    if (declared.license_name) entries['general.license.name'] = declared.license_name;
    const root = project({ 'weights/model.gguf': ggufFile(entries) });
    const { components, problems } = await walkModels(root);
    expect(problems).toEqual([]);
    expect(components.map((component) => component.license.expression)).toEqual([expected]);
  });
});

describe('GGUF headers', () => {
  it('keeps general.* scalars and skips tokenizer arrays and other keys', async () => {
    const root = project({
      'm.gguf': ggufFile({
        'general.architecture': 'llama',
        'general.license': 'llama3.1',
        'general.base_model.count': 1,
        'general.base_model.0.repo_url': 'https://huggingface.co/meta-llama/Llama-3.1-8B',
        'tokenizer.ggml.tokens': Array.from({ length: 50_000 }, (_, index) => `token-${index}`),
        'llama.context_length': 8192,
        'general.name': 'after the vocabulary',
      }),
    });
    const header = await readGgufHeader(join(root, 'm.gguf'));
    expect(header.keyCount).toBe(7);
    expect(Object.fromEntries(header.general)).toEqual({
      'general.architecture': 'llama',
      'general.license': 'llama3.1',
      'general.base_model.count': 1,
      'general.base_model.0.repo_url': 'https://huggingface.co/meta-llama/Llama-3.1-8B',
      'general.name': 'after the vocabulary',
    });
  });

  it('takes a base model from general.base_model.*.repo_url', async () => {
    const root = project({ 'ft/model.gguf': ggufFile({ 'general.name': 'my-ft', 'general.base_model.count': 1, 'general.base_model.0.repo_url': 'https://huggingface.co/meta-llama/Llama-2-7b-hf' }) });
    const { components } = await walkModels(root);
    expect(components[0]).toMatchObject({ name: 'my-ft', license: { expression: 'LicenseRef-scancode-llama-2-license-2023' }, model: { baseModels: ['meta-llama/Llama-2-7b-hf'] } });
  });

  const header = (version: number, keyCount: bigint | number): Buffer => Buffer.concat([Buffer.from('GGUF', 'latin1'), u32(version), u64(0), u64(keyCount)]);
  const hostile: [string, string, Buffer, Record<string, unknown>][] = [
    ['empty file', 'bad-magic', Buffer.alloc(0), {}],
    ['wrong magic', 'bad-magic', Buffer.from('GGML0000'), {}],
    ['unsupported version', 'unsupported-version', Buffer.concat([Buffer.from('GGUF', 'latin1'), u32(99)]), { version: 99 }],
    ['truncated after the magic', 'truncated', Buffer.from('GGUF', 'latin1'), {}],
    ['absurd key count', 'limit-exceeded', header(3, 2n ** 62n), { what: 'key-count' }],
    ['key count beyond a safe integer', 'limit-exceeded', header(3, 2n ** 64n - 1n), { what: 'key-count' }],
    ['more keys than the file holds', 'truncated', header(3, 1000), {}],
    ['absurd key length', 'limit-exceeded', Buffer.concat([header(3, 1), u64(2n ** 40n)]), { what: 'key-length' }],
    ['absurd string length', 'limit-exceeded', Buffer.concat([header(3, 1), ggufString('general.license'), u32(8), u64(2n ** 50n)]), { what: 'string-length' }],
    ['string longer than the file', 'truncated', Buffer.concat([header(3, 1), ggufString('general.license'), u32(8), u64(1_000_000), Buffer.from('llama')]), {}],
    ['absurd array length', 'limit-exceeded', Buffer.concat([header(3, 1), ggufString('tokenizer.ggml.tokens'), u32(9), u32(8), u64(2n ** 40n)]), { what: 'array-length' }],
    ['fixed-size array longer than the file', 'truncated', Buffer.concat([header(3, 1), ggufString('x'), u32(9), u32(6), u64(1_000_000)]), {}],
    ['unknown value type', 'malformed', Buffer.concat([header(3, 1), ggufString('x'), u32(77)]), { reason: 'unknown-value-type' }],
    ['arrays nested too deep', 'limit-exceeded', Buffer.concat([header(3, 1), ggufString('x'), u32(9), u32(9), u64(1), u32(9), u64(1), u32(9), u64(1), u32(8), u64(0)]), { what: 'array-depth' }],
  ];

  it.each(hostile)('%s -> %s', async (_label, code, bytes, args) => {
    const root = project({ 'models/bad.gguf': bytes });
    await expect(readGgufHeader(join(root, 'models/bad.gguf'))).rejects.toMatchObject({ code, args: expect.objectContaining(args) });
    const { components, problems } = await walkModels(root);
    expect(problems).toEqual([expect.objectContaining({ rule: UNREADABLE_MODEL_FILE, code, path: 'models/bad.gguf' })]);
    expect(components).toEqual([expect.objectContaining({ name: 'models', license: expect.objectContaining({ expression: null, source: 'none' }), category: 'unknown' })]);
  });

  it('stops at the header-bytes limit however many keys follow', async () => {
    const keys = Array.from({ length: 200 }, (_, index) => ggufEntry(`pad.${index}`, 'x'.repeat(100)));
    const root = project({ 'big.gguf': Buffer.concat([header(3, keys.length), ...keys]) });
    await expect(readGgufHeader(join(root, 'big.gguf'), { ...GGUF_LIMITS, maxHeaderBytes: 4096 })).rejects.toMatchObject({ code: 'limit-exceeded', args: { what: 'header-bytes' } });
  });

  it('reads version 1 (32-bit counts and lengths)', async () => {
    const str1 = (text: string): Buffer => Buffer.concat([u32(Buffer.byteLength(text)), Buffer.from(text)]);
    const bytes = Buffer.concat([Buffer.from('GGUF', 'latin1'), u32(1), u32(0), u32(1), str1('general.license'), u32(8), str1('llama2')]);
    const root = project({ 'v1.gguf': bytes });
    expect((await readGgufHeader(join(root, 'v1.gguf'))).general.get('general.license')).toBe('llama2');
  });
});

describe('safetensors headers', () => {
  it('reads __metadata__', async () => {
    const root = project({ 'w.safetensors': safetensorsFile({ license: 'llama3', format: 'pt' }) });
    expect(Object.fromEntries((await readSafetensorsHeader(join(root, 'w.safetensors'))).metadata)).toEqual({ license: 'llama3', format: 'pt' });
  });

  const cases: [string, string, Buffer][] = [
    ['shorter than the length field', 'truncated', Buffer.from([1, 2, 3])],
    ['a header length beyond the file', 'header-size-mismatch', safetensorsFile({}, { declaredLength: 10_000 })],
    ['a header length of 2^63', 'header-size-mismatch', safetensorsFile({}, { declaredLength: 2n ** 63n })],
    ['a header that is not JSON', 'malformed', Buffer.concat([u64(4), Buffer.from('{{{{'), Buffer.alloc(4)])],
    ['a header that is a JSON array', 'malformed', Buffer.concat([u64(2), Buffer.from('[]')])],
    ['an empty header', 'malformed', Buffer.concat([u64(0), Buffer.alloc(8)])],
  ];
  it.each(cases)('%s -> %s, as a problem of the walk', async (_label, code, bytes) => {
    const root = project({ 'm/w.safetensors': bytes });
    await expect(readSafetensorsHeader(join(root, 'm/w.safetensors'))).rejects.toMatchObject({ code });
    const { problems } = await walkModels(root);
    expect(problems).toEqual([expect.objectContaining({ rule: UNREADABLE_MODEL_FILE, code, path: 'm/w.safetensors', args: expect.objectContaining({ format: 'safetensors' }) })]);
  });

  it('refuses a header above its limit without reading it', async () => {
    const root = project({ 'big.safetensors': safetensorsFile({}, { declaredLength: 40 * 1024 * 1024, data: 40 * 1024 * 1024 }) });
    await expect(readSafetensorsHeader(join(root, 'big.safetensors'))).rejects.toMatchObject({ code: 'limit-exceeded', args: { what: 'header-length' } });
  });
});

describe('model cards', () => {
  it.each([
    ['unterminated front matter', '---\nlicense: llama2\n# no closing line\n', 'unterminated'],
    ['invalid YAML', '---\nlicense: [llama2\nbase_model: {\n---\n', 'yaml'],
    ['a list, not a mapping', '---\n- llama2\n---\n', 'not-a-mapping'],
  ])('%s -> invalid-license-metadata/malformed-model-card', async (_label, text, reason) => {
    const root = project({ 'card/README.md': text });
    const { components, problems } = await walkModels(root);
    expect(components).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ rule: 'invalid-license-metadata', code: 'malformed-model-card', path: 'card/README.md', args: expect.objectContaining({ reason }) })]);
  });

  it('survives alias bombs and odd types without expanding them', async () => {
    const bomb = ['---', 'a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]', 'license: [*d]', 'base_model: 42', '---', ''].join('\n');
    const root = project({ 'card/README.md': bomb });
    const { components, problems } = await walkModels(root);
    expect(components.every((component) => component.license.expression === null)).toBe(true);
    expect(problems.every((problem) => problem.rule === 'invalid-license-metadata')).toBe(true);
  });

  it('reads a card with CRLF line ends and a byte-order mark', async () => {
    const root = project({ 'm/README.md': '\uFEFF---\r\nlicense: llama3.2\r\npipeline_tag: image-text-to-text\r\n---\r\n# card\r\n' });
    const { components } = await walkModels(root);
    expect(components).toEqual([
      expect.objectContaining({
        name: 'm',
        license: expect.objectContaining({ expression: 'LicenseRef-scancode-llama-3.2-license-2024' }),
        evidence: [{ file: 'm/README.md', line: 2 }],
        model: { family: null, version: null, multimodal: true, baseModels: [] },
      }),
    ]);
  });

  it('leaves a project README with ordinary front matter alone', async () => {
    const root = project({ 'README.md': '---\ntitle: My app\nlicense: mit\n---\n# My app\n', 'docs/README.md': 'no front matter\n' });
    expect(await walkModels(root)).toEqual({ components: [], problems: [] });
  });

  it('counts a license text beside weights in a model directory, not the npm package license of a package directory', async () => {
    const root = project({
      'pkg/package.json': '{"name":"pkg","version":"1.0.0","license":"MIT"}',
      'pkg/LICENSE': 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction.\n',
      'pkg/m.gguf': ggufFile({ 'general.name': 'pkg-model' }),
    });
    const { components } = await walkModels(root);
    expect(components[0]).toMatchObject({ name: 'pkg-model', license: { expression: null, files: [] } });
  });
});

describe('the file walk', () => {
  it('never follows symbolic links (a loop under node_modules ends the walk normally)', async () => {
    const root = project({ 'node_modules/a/model.gguf': ggufFile({ 'general.name': 'looped', 'general.license': 'llama2' }), 'src/app.ts': "const m = 'llama3.1:8b';\n" });
    symlinkSync('..', join(root, 'node_modules/a/loop'), 'dir');
    symlinkSync('.', join(root, 'node_modules/self'), 'dir');
    const { components } = await walkModels(root);
    expect(components.map((component) => [component.name, component.paths])).toEqual([
      ['llama3.1:8b', ['src/app.ts']],
      ['looped', ['node_modules/a/model.gguf']],
    ]);
  });

  it('skips source files above the size bound and binary files', async () => {
    const root = project({ 'big.js': `const m = 'meta-llama/Llama-2-7b-hf';\n${'x'.repeat(2048)}`, 'bin.json': Buffer.concat([Buffer.from([0]), Buffer.from("'meta-llama/Llama-2-7b-hf'")]) });
    expect((await walkModels(root, { maxSourceBytes: 1024 })).components).toEqual([]);
    writeFileSync(join(root, 'small.js'), "const m = 'meta-llama/Llama-2-7b-hf';\n");
    expect((await walkModels(root, { maxSourceBytes: 1024 })).components.map((component) => component.evidence)).toEqual([[{ file: 'small.js', line: 1 }]]);
  });

  it('can leave node_modules out entirely', async () => {
    const root = project({ 'node_modules/a/model.gguf': ggufFile({ 'general.name': 'inside' }) });
    expect((await walkModels(root, { nodeModules: false })).components).toEqual([]);
  });
});
