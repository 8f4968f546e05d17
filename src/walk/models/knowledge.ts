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
