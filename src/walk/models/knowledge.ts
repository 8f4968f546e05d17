// What the model walker needs from rules/models/: the reference patterns, the Hugging Face license
// identifiers, names and links of each model license, and the SPDX ids of Hugging Face's other
// licenses. Read once per process; paths resolve from this module (src/ and dist/ alike).
import { readRules, type ModelLicensesFile, type ModelReferencesFile } from '../../knowledge/index.js';
import { compareOptionalText } from '../../model/order.js';

/** One entry of rules/models/references.json, its patterns compiled. */
export interface ModelReferenceEntry {
  id: string;
  family: string;
  version: string | null;
  license: string | null;
  multimodal: boolean | null;
  huggingFace: RegExp[];
  republished: RegExp[];
  ollama: { name: RegExp; tag: RegExp | null }[];
}

export interface ModelKnowledge {
  entries: ModelReferenceEntry[];
  /** Lower-cased accounts that re-publish other makers' models under the original names. */
  republishers: Set<string>;
  /** Lower-cased accounts all of whose repositories are models (an entry matches `^org/` alone). */
  publishers: Set<string>;
  /** Lower-cased provider prefixes of hosted APIs (`openai/…`, `bedrock/…`): services, not models. */
  hostedProviders: Set<string>;
  /** Names of models only served by hosted APIs (`gpt-4o`, `claude-…`). */
  hostedModels: RegExp[];
  /** Lower-cased `load_dataset` builders that read local files (`json`, `csv`), not a Hub dataset. */
  datasetBuilders: Set<string>;
  /** Hugging Face datasets, as entries with their license. */
  datasets: ModelReferenceEntry[];
  /**
   * Whether a text may hold a reference at all: a model word, a Hub host, a weight file type, or a name
   * that a pattern of rules/models/ starts with. The cheap pre-filter of the source scan.
   */
  mayMention: RegExp;
  /** Lower-cased Hugging Face license identifier or `license_name` -> license id. */
  licenseByHuggingFaceId: Map<string, string>;
  licenseByName: Map<string, string>;
  licenseLinks: { pattern: RegExp; license: string }[];
  /** Every model-license id in rules/models/licenses.json. */
  modelLicenseIds: Set<string>;
  /** Acceptable-use policies (not licenses of their own: they come with one). */
  policyIds: Set<string>;
  /** Model licenses whose derivatives (fine-tunes) stay bound by them. */
  inheritedByDerivatives: Set<string>;
  /** License id -> the stored text and clause that bind its derivatives. */
  derivativeSources: Map<string, { file: string; clause: string }>;
  /** License id -> the Hugging Face identifier it shares with other versions (`gemma`), when it does. */
  sharedHuggingFaceId: Map<string, string>;
}

let knowledge: ModelKnowledge | undefined;

export function modelKnowledge(): ModelKnowledge {
  knowledge ??= buildKnowledge(readRules('models/references.json'), readRules('models/licenses.json'));
  return knowledge;
}

function buildKnowledge(references: ModelReferencesFile, licenses: ModelLicensesFile): ModelKnowledge {
  const entries = references.models.map((entry) => ({
    id: entry.id,
    family: entry.family,
    version: entry.version,
    license: entry.license,
    multimodal: entry.multimodal ?? null,
    huggingFace: entry.huggingFace.map((pattern) => new RegExp(pattern, 'i')),
    republished: entry.republished.map((pattern) => new RegExp(pattern, 'i')),
    // Ollama names are lower-case by convention; matching them exactly keeps prose like "Mistral" out.
    ollama: entry.ollama.map((tag) => ({ name: new RegExp(tag.name), tag: tag.tag ? new RegExp(tag.tag) : null })),
  }));

  // When several records claim one identifier (`gemma`), the newest terms win: a card that names the
  // family alone is read as the terms currently published.
  const newestFirst = licenses.licenses
    .filter((record) => record.kind === 'license')
    .sort((a, b) => compareOptionalText(b.date, a.date));
  const licenseByHuggingFaceId = new Map<string, string>();
  const licenseByName = new Map<string, string>();
  const licenseLinks: { pattern: RegExp; license: string }[] = [];
  for (const record of newestFirst) {
    for (const id of record.huggingFace.licenses) if (!licenseByHuggingFaceId.has(id)) licenseByHuggingFaceId.set(id, record.id);
    for (const name of record.huggingFace.licenseNames) if (!licenseByName.has(name)) licenseByName.set(name, record.id);
    for (const link of record.huggingFace.licenseLinks) licenseLinks.push({ pattern: new RegExp(link, 'i'), license: record.id });
  }
  for (const [id, spdx] of Object.entries(references.huggingFaceSpdx)) licenseByHuggingFaceId.set(id, spdx);
  const sharedHuggingFaceId = new Map<string, string>();
  for (const record of newestFirst) {
    for (const id of record.huggingFace.licenses) {
      if (newestFirst.some((other) => other !== record && other.huggingFace.licenses.includes(id))) sharedHuggingFaceId.set(record.id, id);
    }
  }

  return {
    entries,
    republishers: new Set(references.republishers.map((name) => name.toLowerCase())),
    publishers: new Set([
      ...references.republishers.map((name) => name.toLowerCase()),
      ...entries.flatMap((entry) => entry.huggingFace.flatMap((pattern) => catchAllOrgs(pattern.source))),
    ]),
    hostedProviders: new Set(references.hostedProviders.map((name) => name.toLowerCase())),
    hostedModels: references.hostedModels.map((pattern) => new RegExp(pattern, 'i')),
    mayMention: mentionFilter(references),
    datasetBuilders: new Set(references.datasetBuilders.map((name) => name.toLowerCase())),
    datasets: references.datasets.map((dataset) => ({
      id: dataset.id,
      family: dataset.id,
      version: null,
      license: dataset.license,
      multimodal: null,
      huggingFace: dataset.huggingFace.map((pattern) => new RegExp(pattern, 'i')),
      republished: [],
      ollama: [],
    })),
    licenseByHuggingFaceId,
    licenseByName,
    licenseLinks,
    modelLicenseIds: new Set(licenses.licenses.map((record) => record.id)),
    policyIds: new Set(licenses.licenses.filter((record) => record.kind === 'acceptable-use-policy').map((record) => record.id)),
    inheritedByDerivatives: new Set(licenses.licenses.filter((record) => record.derivatives?.inherit).map((record) => record.id)),
    sharedHuggingFaceId,
    derivativeSources: new Map(
      licenses.licenses.flatMap((record) => {
        const source = record.derivatives?.inherit ? record.derivatives.source : undefined;
        // A source that is a web address (no stored text) has no clause to quote.
        return source && 'file' in source && source.file && source.clause ? [[record.id, { file: source.file, clause: source.clause }] as const] : [];
      }),
    ),
  };
}

/** `^org/` or `^(a|b)/`: every repository of those accounts. */
function catchAllOrgs(pattern: string): string[] {
  const match = /^\^(?:([\w.-]+)|\(([\w.|-]+)\))\/$/.exec(pattern);
  return match ? (match[1] ?? match[2]!).toLowerCase().split('|') : [];
}

/** Words every place the line rules read contains (src/walk/models/references.ts): calls, keys, flags, commands, hosts. */
const MODEL_WORDS = [
  'model', 'hugging', 'hf.co', 'hf://', 'hf_', 'hf-', 'hf ', 'pretrained', 'pipeline', 'dataset', 'ollama', 'vllm', 'gguf', 'safetensors',
  'sentencetransformer', 'crossencoder', 'snapshot_download', 'repo_id', 'repoid', 'tokenizer', 'checkpoint', 'ckpt', 'llm', 'llamafile', 'lms get',
];

function mentionFilter(references: ModelReferencesFile): RegExp {
  const words = new Set(MODEL_WORDS);
  for (const name of references.republishers) words.add(name.toLowerCase());
  for (const entry of references.models) {
    for (const pattern of [...entry.huggingFace, ...entry.republished]) {
      // The literal start of the pattern: `^(TheBloke|bartowski)/` -> both accounts, `^Qwen2\.5-` -> `qwen2`.
      for (const word of /^\^\(?([\w|-]+)/.exec(pattern)?.[1]?.split('|') ?? []) if (word.length >= 2) words.add(word.toLowerCase());
    }
    for (const tag of entry.ollama) for (const word of /^\^\(?([\w|-]+)/.exec(tag.name)?.[1]?.split('|') ?? []) if (word.length >= 2) words.add(word.toLowerCase());
  }
  for (const dataset of references.datasets) for (const word of /^\^\(?([\w|-]+)/.exec(dataset.huggingFace[0] ?? '')?.[1]?.split('|') ?? []) words.add(word.toLowerCase());
  return new RegExp([...words].sort().map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'gi');
}
