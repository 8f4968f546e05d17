// Model artifacts on disk -> one model per directory: its card's front matter, the metadata of its
// GGUF and safetensors files, the license texts beside them, and the license of the base model it was
// fine-tuned from. What cannot be read becomes a problem and the walk goes on.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { LicenseFileEvidence, RuleId, TreeProblem } from '../../model/index.js';
import { openRegularFile } from '../../model/index.js';
import { MAX_TEXT_BYTES } from '../../licenses/text/limits.js';
import { HeaderError } from './bounded-reader.js';
import { declaredText, resolveDeclaredLicense, type DeclaredLicense } from './declared-license.js';
import { compare } from './discover.js';
import { GGUF_LIMITS, GgufScanBudget, readGgufHeader } from './gguf.js';
import type { ModelKnowledge } from './knowledge.js';
import { MAX_CARD_BYTES, readModelCard } from './model-card.js';
import { huggingFaceEntry } from './references.js';
import { readSafetensorsHeader } from './safetensors.js';
import type { YamlParse } from './yaml.js';

export interface ArtifactModel {
  /** The directory, relative to the root ('' for the root itself). */
  directory: string;
  name: string;
  /** Files that make up or describe the model, relative to the root. */
  files: string[];
  /** The config.json / adapter_config.json files read for the model's base. */
  configFiles: string[];
  evidence: { file: string; line: number }[];
  declared: string | null;
  /** License ids from metadata (card, GGUF, safetensors), from license texts, and inherited from base models. */
  declaredIds: string[];
  fileExpressions: string[];
  inheritedIds: string[];
  licenseFiles: LicenseFileEvidence[];
  baseModels: string[];
  /** Base models whose license binds derivatives while the model's own metadata claims another license. */
  lineageConflicts: LineageConflict[];
  /** The base model's family facts, when a base model is known (a fine-tune keeps its modality). */
  family: string | null;
  version: string | null;
  multimodal: boolean | null;
}

/** A derivative's own license claim against the license its base model passes down. */
export interface LineageConflict {
  claimed: string;
  /** Where the claim is made: the card, GGUF or safetensors file and line. */
  claimedIn: { file: string; line: number };
  base: string;
  baseLicense: string;
}

interface Found {
  declared: DeclaredLicense[];
  /** Where each metadata declaration is, in the order of `declared`. */
  declaredIn: { file: string; line: number }[];
  multimodal: boolean | null;
  names: string[];
  baseModels: string[];
  evidence: { file: string; line: number }[];
  files: string[];
  configFiles: string[];
}

/** The rule of a model file licit cannot read (a hostile or broken GGUF or safetensors header). */
export const UNREADABLE_MODEL_FILE = 'unreadable-model-file' satisfies RuleId;

/** Files beside weights that name the model they were trained from (transformers and PEFT). */
const CONFIG_FILE = /(^|\/)(config\.json|adapter_config\.json)$/;
/** A Hugging Face repository id: `org/name`, not a local path. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;
/** Shard and quantisation suffixes of GGUF file names (`-00001-of-00003`, `.Q4_K_M`, `-IQ3_XS`, `-f16`). */
const GGUF_SUFFIX = /(?:[-._](?:\d{5}-of-\d{5}|i?q\d(?:_[a-z0-9]+)*|f16|f32|bf16|fp16|fp32))+$/i;

const LICENSE_FILE = /^(licen[cs]e|copying|use[_-]policy|notice|model[_-]licen[cs]e[^/]*)([-_.][^/]*)?$/i;

export async function readArtifacts(
  root: string,
  cards: readonly string[],
  weights: readonly string[],
  configs: readonly string[],
  knowledge: ModelKnowledge,
  parse: YamlParse | null,
  problems: TreeProblem[],
): Promise<ArtifactModel[]> {
  // One model per directory, except GGUF files: each distinct file stem (quantisations and shards of one
  // model share it) is a model of its own when a directory holds several, as a project's models/ folder does.
  const ggufStems = new Map<string, Set<string>>();
  for (const file of weights) if (file.toLowerCase().endsWith('.gguf')) ggufStems.set(directoryOf(file), (ggufStems.get(directoryOf(file)) ?? new Set()).add(ggufStem(file)));
  const byKey = new Map<string, { directory: string; found: Found }>();
  const foundIn = (file: string): Found => {
    const directory = directoryOf(file);
    const ownModel = file.toLowerCase().endsWith('.gguf') && (ggufStems.get(directory)?.size ?? 0) > 1;
    const key = ownModel ? `${directory}\u0000${ggufStem(file)}` : directory;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { directory, found: { declared: [], declaredIn: [], multimodal: null, names: [], baseModels: [], evidence: [], files: [], configFiles: [] } };
      byKey.set(key, entry);
    }
    return entry.found;
  };

  for (const file of cards) {
    const text = await readHead(join(root, file), MAX_CARD_BYTES).catch(() => null);
    if (text === null) continue;
    const reading = readModelCard(text, parse);
    if (reading.kind === 'none') continue;
    if (reading.kind === 'malformed') {
      problems.push({ rule: 'invalid-license-metadata', code: 'malformed-model-card', package: null, path: file, args: { file, reason: reading.reason, line: reading.line } });
      continue;
    }
    const { card } = reading;
    const declared = { licenses: card.licenses, licenseName: card.licenseName, licenseLink: card.licenseLink };
    const namesModelLicense = resolveDeclaredLicense(declared, knowledge).some((id) => knowledge.modelLicenseIds.has(id));
    if (!card.modelKeys && !namesModelLicense && !weights.some((weight) => posix.dirname(weight) === posix.dirname(file))) continue;
    const found = foundIn(file);
    found.declared.push(declared);
    found.declaredIn.push({ file, line: card.licenseLine });
    found.multimodal ??= card.multimodal;
    if (card.modelName) found.names.push(card.modelName);
    found.baseModels.push(...card.baseModels);
    found.evidence.push({ file, line: card.licenseLine });
    found.files.push(file);
  }

  const ggufBudget = new GgufScanBudget();
  for (const file of weights) {
    const found = foundIn(file);
    found.files.push(file);
    found.evidence.push({ file, line: 1 });
    try {
      if (file.toLowerCase().endsWith('.gguf')) readGgufFacts(await readGgufHeader(join(root, file), GGUF_LIMITS, ggufBudget), found, file);
      else readSafetensorsFacts((await readSafetensorsHeader(join(root, file))).metadata, found, file);
    } catch (error) {
      problems.push(unreadable(file, error));
    }
  }

  for (const file of configs.filter((config) => CONFIG_FILE.test(config))) {
    const found = byKey.get(directoryOf(file))?.found;
    if (!found) continue;
    found.configFiles.push(file);
    const base = await readConfigBase(join(root, file));
    if (base === null) continue;
    found.baseModels.push(base);
    found.files.push(file);
  }

  const models: ArtifactModel[] = [];
  for (const [key, { directory, found }] of [...byKey].sort(([a], [b]) => compare(a, b))) {
    models.push(await toModel(root, directory, key, found, knowledge, problems));
  }
  return models;
}

function directoryOf(file: string): string {
  return posix.dirname(file) === '.' ? '' : posix.dirname(file);
}

function ggufStem(file: string): string {
  return posix.basename(file).replace(/\.gguf$/i, '').replace(GGUF_SUFFIX, '').toLowerCase();
}

/** The Hub id a transformers `config.json` (`_name_or_path`) or PEFT `adapter_config.json` (`base_model_name_or_path`) names. */
async function readConfigBase(path: string): Promise<string | null> {
  const text = await readHead(path, MAX_CONFIG_BYTES).catch(() => null);
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const fields = data as Record<string, unknown>;
  const value = fields.base_model_name_or_path ?? fields._name_or_path;
  return typeof value === 'string' && HUB_ID.test(value.trim()) ? value.trim() : null;
}

const MAX_CONFIG_BYTES = 256 * 1024;

function readGgufFacts(header: { general: Map<string, string | number | boolean> }, found: Found, file: string): void {
  const text = (key: string): string | null => {
    const value = header.general.get(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const license = text('general.license');
  const licenseName = text('general.license.name');
  const licenseLink = text('general.license.link');
  if (license || licenseName || licenseLink) {
    found.declared.push({ licenses: license ? [license] : [], licenseName, licenseLink });
    found.declaredIn.push({ file, line: 1 });
  }
  const name = text('general.name');
  if (name) found.names.push(name);
  const count = header.general.get('general.base_model.count');
  for (let index = 0; typeof count === 'number' && index < Math.min(count, 16); index += 1) {
    const repoUrl = text(`general.base_model.${index}.repo_url`);
    const organization = text(`general.base_model.${index}.organization`);
    const baseName = text(`general.base_model.${index}.name`);
    const fromUrl = repoUrl ? /huggingface\.co\/([^/\s]+\/[^/\s?#]+)/i.exec(repoUrl)?.[1] : undefined;
    if (fromUrl) found.baseModels.push(fromUrl);
    else if (organization && baseName) found.baseModels.push(`${organization}/${baseName}`);
    else if (baseName) found.baseModels.push(baseName);
  }
  const source = text('general.source.huggingface.repository');
  if (source) found.baseModels.push(source);
}

function readSafetensorsFacts(metadata: Map<string, string>, found: Found, file: string): void {
  const license = metadata.get('license') ?? metadata.get('modelspec.license') ?? null;
  if (license) {
    found.declared.push({ licenses: [license], licenseName: null, licenseLink: null });
    found.declaredIn.push({ file, line: 1 });
  }
  const name = metadata.get('modelspec.title') ?? metadata.get('name');
  if (name) found.names.push(name);
  const base = metadata.get('base_model') ?? metadata.get('modelspec.base_model');
  if (base) found.baseModels.push(base);
  // A merge (kohya, mergekit) lists its sources in `modelspec.merged_from`, comma-separated.
  const merged = metadata.get('modelspec.merged_from');
  if (merged) found.baseModels.push(...merged.split(',').map((part) => part.trim()).filter((part) => HUB_ID.test(part)).slice(0, 16));
}

async function toModel(root: string, directory: string, key: string, found: Found, knowledge: ModelKnowledge, problems: TreeProblem[]): Promise<ArtifactModel> {
  const declaredTexts = [...new Set(found.declared.map(declaredText).filter((text): text is string => text !== null))];
  const licenseFiles = await readLicenseFiles(root, directory, knowledge);
  const fileExpressions = [...new Set(licenseFiles.map((file) => file.expression).filter((expression): expression is string => expression !== null))];
  const fileIds = fileExpressions.flatMap(idsOf);

  // A card that names a family (`gemma`) reads as its newest terms; a license text beside it that is
  // one version of that family says which version, so the text wins.
  const sharedId = (id: string): string | undefined => knowledge.sharedHuggingFaceId.get(id);
  const declaredIds = [...new Set(found.declared.flatMap((declared) => resolveDeclaredLicense(declared, knowledge)))].filter(
    (id) => sharedId(id) === undefined || !fileIds.some((fileId) => fileId !== id && sharedId(fileId) === sharedId(id)),
  );

  const ownNames = new Set(found.names.map((name) => name.toLowerCase()));
  const baseModels = [...new Set(found.baseModels)].filter((base) => !ownNames.has(base.toLowerCase()));
  const bases = baseModels.map((base) => ({ base, entry: huggingFaceEntry(base, knowledge) }));
  const baseEntries = bases.map(({ entry }) => entry).filter((entry) => entry !== null);
  const inheritedBy = (license: string | null): string[] => idsOf(license ?? '').filter((id) => knowledge.inheritedByDerivatives.has(id));
  const inheritedIds = [...new Set(baseEntries.flatMap((entry) => inheritedBy(entry.license)))];
  const lineageConflicts = lineageConflictsOf(found, bases, inheritedBy, [...declaredIds, ...fileIds], knowledge);

  const declaredLicenses = declaredIds.filter((id) => !knowledge.policyIds.has(id));
  const fileLicenses = fileIds.filter((id) => !knowledge.policyIds.has(id));
  if (declaredLicenses.length > 0 && fileLicenses.length > 0 && !declaredLicenses.some((id) => fileLicenses.includes(id))) {
    problems.push({
      rule: 'declared-file-mismatch',
      code: 'model-metadata-vs-license-file',
      package: null,
      path: directory || '.',
      args: { declared: declaredLicenses.join(' AND '), files: fileExpressions.join(' AND ') },
    });
  }

  const first = baseEntries[0] ?? null;
  const ownModel = key !== directory;
  return {
    directory,
    name: found.names[0] ?? (ownModel ? found.files[0]! : directory || found.files[0]!),
    files: [...new Set([...found.files, ...licenseFiles.map((file) => posix.join(directory, file.path))])].sort(compare),
    evidence: found.evidence,
    declared: declaredTexts.length === 0 ? null : declaredTexts.length === 1 ? declaredTexts[0]! : JSON.stringify(declaredTexts),
    declaredIds,
    fileExpressions,
    inheritedIds,
    licenseFiles,
    baseModels,
    configFiles: found.configFiles,
    lineageConflicts,
    family: first?.family ?? null,
    version: first?.version ?? null,
    // The card's task says what this model takes; a fine-tune of a vision model may be text-only.
    multimodal: found.multimodal ?? first?.multimodal ?? null,
  };
}

/**
 * The bases whose license binds derivatives (Llama, Gemma…) while the model's metadata claims only other
 * licenses: the derivative stays under its base's license whatever it claims. A claim of the same family
 * in another version (`gemma` for a base under the 2024 terms) is no conflict.
 */
function lineageConflictsOf(
  found: Found,
  bases: { base: string; entry: { license: string | null } | null }[],
  inheritedBy: (license: string | null) => string[],
  ownIds: string[],
  knowledge: ModelKnowledge,
): LineageConflict[] {
  const claimedIds = [...new Set(found.declared.flatMap((declared) => resolveDeclaredLicense(declared, knowledge)))].filter((id) => !knowledge.policyIds.has(id));
  if (claimedIds.length === 0) return [];
  const family = (id: string): string => knowledge.sharedHuggingFaceId.get(id) ?? id;
  const own = new Set(ownIds.map(family));
  const claimedIn = found.declaredIn[0] ?? found.evidence[0]!;
  const conflicts: LineageConflict[] = [];
  for (const { base, entry } of bases) {
    for (const baseLicense of inheritedBy(entry?.license ?? null)) {
      if (own.has(family(baseLicense))) continue;
      conflicts.push({ claimed: claimedIds.join(' AND '), claimedIn, base, baseLicense });
    }
  }
  return conflicts;
}

/** License texts in a model's directory. In a directory that is also an npm package, only model-license texts count. */
async function readLicenseFiles(root: string, directory: string, knowledge: ModelKnowledge): Promise<LicenseFileEvidence[]> {
  const entries = await readdir(join(root, directory), { withFileTypes: true }).catch(() => []);
  const isPackage = entries.some((entry) => entry.name === 'package.json');
  const evidence: LicenseFileEvidence[] = [];
  for (const entry of entries.filter((entry) => entry.isFile() && LICENSE_FILE.test(entry.name)).sort((a, b) => compare(a.name, b.name))) {
    const read = await readBounded(join(root, directory, entry.name)).catch(() => null);
    if (!read) continue;
    // The text matcher is loaded only when a model directory holds a license file.
    const { identifyText } = await import('../../licenses/text/identify.js');
    const identified = identifyText(read.bytes, { truncated: read.truncated });
    if (identified.binary) continue;
    const modelLicense = idsOf(identified.expression ?? '').some((id) => knowledge.modelLicenseIds.has(id));
    if (isPackage && !modelLicense) continue;
    evidence.push({
      path: entry.name,
      expression: identified.expression,
      confidence: identified.expression === null ? null : identified.confidence,
      ...(read.sha256 ? { sha256: read.sha256 } : {}),
      ...(identified.copyrights.length > 0 ? { copyrights: identified.copyrights } : {}),
    });
  }
  return evidence;
}

async function readBounded(path: string): Promise<{ bytes: Buffer; truncated: boolean; sha256: string | null }> {
  const handle = await openRegularFile(path);
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, MAX_TEXT_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const whole = size <= MAX_TEXT_BYTES && bytesRead === size;
    return { bytes, truncated: !whole, sha256: whole ? createHash('sha256').update(bytes).digest('hex') : null };
  } finally {
    await handle.close();
  }
}

async function readHead(path: string, maxBytes: number): Promise<string> {
  const handle = await openRegularFile(path);
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The license ids of an expression (operators and parentheses dropped). */
export function idsOf(expression: string): string[] {
  return expression.split(/\s+(?:AND|OR|WITH)\s+|[()\s]+/).filter((id) => id !== '');
}

function unreadable(file: string, error: unknown): TreeProblem {
  if (error instanceof HeaderError) {
    return { rule: UNREADABLE_MODEL_FILE, code: error.code, package: null, path: file, args: { file, ...error.args } };
  }
  const message = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
  return { rule: UNREADABLE_MODEL_FILE, code: 'read-error', package: null, path: file, args: { file, error: message } };
}
