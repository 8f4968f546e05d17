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
import { readGgufHeader } from './gguf.js';
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
  evidence: { file: string; line: number }[];
  declared: string | null;
  /** License ids from metadata (card, GGUF, safetensors), from license texts, and inherited from base models. */
  declaredIds: string[];
  fileExpressions: string[];
  inheritedIds: string[];
  licenseFiles: LicenseFileEvidence[];
  baseModels: string[];
  /** The base model's family facts, when a base model is known (a fine-tune keeps its modality). */
  family: string | null;
  version: string | null;
  multimodal: boolean | null;
}

interface Found {
  declared: DeclaredLicense[];
  multimodal: boolean | null;
  names: string[];
  baseModels: string[];
  evidence: { file: string; line: number }[];
  files: string[];
}

/** The rule of a model file licit cannot read (a hostile or broken GGUF or safetensors header). */
export const UNREADABLE_MODEL_FILE: RuleId = 'unreadable-model-file';

const LICENSE_FILE = /^(licen[cs]e|copying|use[_-]policy|notice|model[_-]licen[cs]e[^/]*)([-_.][^/]*)?$/i;

export async function readArtifacts(
  root: string,
  cards: readonly string[],
  weights: readonly string[],
  knowledge: ModelKnowledge,
  parse: YamlParse | null,
  problems: TreeProblem[],
): Promise<ArtifactModel[]> {
  const byDirectory = new Map<string, Found>();
  const foundIn = (file: string): Found => {
    const directory = posix.dirname(file) === '.' ? '' : posix.dirname(file);
    let found = byDirectory.get(directory);
    if (!found) {
      found = { declared: [], multimodal: null, names: [], baseModels: [], evidence: [], files: [] };
      byDirectory.set(directory, found);
    }
    return found;
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
    found.multimodal ??= card.multimodal;
    if (card.modelName) found.names.push(card.modelName);
    found.baseModels.push(...card.baseModels);
    found.evidence.push({ file, line: card.licenseLine });
    found.files.push(file);
  }

  for (const file of weights) {
    const found = foundIn(file);
    found.files.push(file);
    found.evidence.push({ file, line: 1 });
    try {
      if (file.toLowerCase().endsWith('.gguf')) readGgufFacts(await readGgufHeader(join(root, file)), found);
      else readSafetensorsFacts((await readSafetensorsHeader(join(root, file))).metadata, found);
    } catch (error) {
      problems.push(unreadable(file, error));
    }
  }

  const models: ArtifactModel[] = [];
  for (const [directory, found] of [...byDirectory].sort(([a], [b]) => compare(a, b))) {
    models.push(await toModel(root, directory, found, knowledge, problems));
  }
  return models;
}

function readGgufFacts(header: { general: Map<string, string | number | boolean> }, found: Found): void {
  const text = (key: string): string | null => {
    const value = header.general.get(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const license = text('general.license');
  const licenseName = text('general.license.name');
  const licenseLink = text('general.license.link');
  if (license || licenseName || licenseLink) found.declared.push({ licenses: license ? [license] : [], licenseName, licenseLink });
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

function readSafetensorsFacts(metadata: Map<string, string>, found: Found): void {
  const license = metadata.get('license') ?? metadata.get('modelspec.license') ?? null;
  if (license) found.declared.push({ licenses: [license], licenseName: null, licenseLink: null });
  const name = metadata.get('modelspec.title') ?? metadata.get('name');
  if (name) found.names.push(name);
  const base = metadata.get('base_model') ?? metadata.get('modelspec.base_model');
  if (base) found.baseModels.push(base);
}

async function toModel(root: string, directory: string, found: Found, knowledge: ModelKnowledge, problems: TreeProblem[]): Promise<ArtifactModel> {
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

  const baseModels = [...new Set(found.baseModels)];
  const baseEntries = baseModels.map((base) => huggingFaceEntry(base, knowledge)).filter((entry) => entry !== null);
  const inheritedIds = [...new Set(baseEntries.flatMap((entry) => idsOf(entry.license ?? '').filter((id) => knowledge.inheritedByDerivatives.has(id))))];

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
  return {
    directory,
    name: found.names[0] ?? (directory || found.files[0]!),
    files: [...new Set([...found.files, ...licenseFiles.map((file) => posix.join(directory, file.path))])].sort(compare),
    evidence: found.evidence,
    declared: declaredTexts.length === 0 ? null : declaredTexts.length === 1 ? declaredTexts[0]! : JSON.stringify(declaredTexts),
    declaredIds,
    fileExpressions,
    inheritedIds,
    licenseFiles,
    baseModels,
    family: first?.family ?? null,
    version: first?.version ?? null,
    // The card's task says what this model takes; a fine-tune of a vision model may be text-only.
    multimodal: found.multimodal ?? first?.multimodal ?? null,
  };
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
