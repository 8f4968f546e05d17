// AI models in a project: model artifacts (Hugging Face model cards, GGUF and safetensors headers, the
// license texts beside them) and references to models in source and config (Hugging Face repo ids,
// Ollama tags), as `kind: "model"` components. Reads only the project's own files, plus weight files
// by type inside node_modules; never follows symbolic links.
import { basename, join, resolve } from 'node:path';
import { joinExpressions } from '../../model/spdx-expression.js';
import type { Component, ComponentLicense, Evidence, TreeProblem } from '../../model/index.js';
import { openRegularFile } from '../../model/index.js';
import { idsOf, readArtifacts, type ArtifactModel, type LineageConflict } from './artifacts.js';
import { compare, discoverModelFiles, WEIGHT_FILE } from './discover.js';
import { modelKnowledge, type ModelKnowledge } from './knowledge.js';
import { findSourceReferences, MAX_SOURCE_BYTES, type SourceReference } from './source-references.js';
import { weightFileIntegrity } from './weight-hash.js';
import { yamlParser } from './yaml.js';

export interface WalkModelsOptions {
  /** The first name of every `via` chain; default: the root directory's name. May still be coming (from the npm walk). */
  rootName?: string | PromiseLike<string>;
  /** Search the whole of node_modules for *.gguf and *.safetensors (default true; a full traversal, slow on big trees). */
  nodeModules?: boolean;
  /** Weight files already found inside installed packages (relative to the root), e.g. by the npm walker. */
  installedWeights?: readonly string[] | PromiseLike<readonly string[]>;
  /** More glob patterns (relative to the root) to leave out. */
  ignore?: string[];
  /** Source files above this size are not searched (default 1 MiB). */
  maxSourceBytes?: number;
}

export interface ModelWalk {
  components: Component[];
  problems: TreeProblem[];
}

export { MAX_SOURCE_BYTES };

/**
 * The stable entry point for other commands (`licit audit`): every model and dataset of the project under
 * `root`, with the problems found on the way. The same as walkModels.
 */
export function findModels(root: string, options: WalkModelsOptions = {}): Promise<ModelWalk> {
  return walkModels(root, options);
}

export async function walkModels(root: string, options: WalkModelsOptions = {}): Promise<ModelWalk> {
  const directory = resolve(root);
  const knowledge = modelKnowledge();
  const problems: TreeProblem[] = [];

  const files = await discoverModelFiles(directory, {
    nodeModules: options.nodeModules ?? true,
    ignore: options.ignore ?? [],
    installedWeights: options.installedWeights ?? [],
  });
  const parse = (await anyHasFrontMatter(directory, files.cards)) ? await yamlParser() : null;
  const artifacts = await readArtifacts(directory, files.cards, files.weights, files.sources, knowledge, parse, problems);
  // A model's config.json names its base: a lineage edge of that model, not a model the project uses.
  const lineageFiles = new Set(artifacts.flatMap((artifact) => artifact.configFiles));
  const sources = files.sources.filter((file) => !lineageFiles.has(file));
  const references = await findSourceReferences(directory, sources, knowledge, options.maxSourceBytes ?? MAX_SOURCE_BYTES);

  const rootName = (await options.rootName) ?? basename(directory);
  const byKey = new Map<string, Component>();
  const merge = (component: Component): void => {
    const key = component.ref.toLowerCase();
    const existing = byKey.get(key);
    byKey.set(key, existing ? mergeComponents(existing, component) : component);
  };
  // Artifacts never merge with each other: two files may carry one `general.name` ("LLaMA v2") and be
  // different models. A name met twice gets the model's first file in its ref; references join by name.
  const named = new Map<string, number>();
  for (const artifact of artifacts) named.set(artifact.name.toLowerCase(), (named.get(artifact.name.toLowerCase()) ?? 0) + 1);
  for (const artifact of artifacts) {
    const shared = (named.get(artifact.name.toLowerCase()) ?? 0) > 1;
    const component = artifactComponent(artifact, rootName, knowledge, shared ? `${artifact.name} (${artifact.files[0] ?? artifact.directory})` : artifact.name);
    // A model made of one weight file is that file: its hash identifies the component in an SBOM.
    const weights = artifact.files.filter((file) => WEIGHT_FILE.test(file));
    if (weights.length === 1) component.integrity = await weightFileIntegrity(join(directory, weights[0]!));
    byKey.set(shared ? component.ref.toLowerCase() : component.name.toLowerCase(), component);
    for (const conflict of artifact.lineageConflicts) problems.push(lineageProblem(component.ref, conflict));
  }
  for (const reference of references) merge(referenceComponent(reference, rootName, knowledge));

  const components = linkBases([...byKey.values()]).map(finish).sort((a, b) => compare(a.name, b.name) || compare(a.kind, b.kind));
  const fromArtifacts = new Set(artifacts.map((artifact) => artifact.name.toLowerCase()));
  for (const component of components) {
    if (component.license.expression === null && !fromArtifacts.has(component.name.toLowerCase()) && !component.ref.includes(' (')) problems.push(unknownLicenseProblem(component));
  }
  return { components, problems };
}

/** A derivative whose metadata claims a license its base model's terms override (rules/finding-rules.json). */
function lineageProblem(ref: string, conflict: LineageConflict): TreeProblem {
  const derivatives = modelKnowledge().derivativeSources.get(conflict.baseLicense);
  return {
    rule: 'model-license-conflict',
    code: 'derivative-of-base',
    package: ref,
    path: conflict.claimedIn.file,
    args: {
      claimed: conflict.claimed,
      claimedIn: `${conflict.claimedIn.file}:${conflict.claimedIn.line}`,
      base: conflict.base,
      baseLicense: conflict.baseLicense,
      clause: derivatives ? `${derivatives.file} ${derivatives.clause}` : null,
    },
  };
}

function artifactComponent(artifact: ArtifactModel, rootName: string, knowledge: ModelKnowledge, ref: string): Component {
  const metadataIds = [...artifact.declaredIds, ...artifact.inheritedIds];
  const expression = joinExpressions([...metadataIds, ...artifact.fileExpressions], 'AND');
  const license: ComponentLicense = {
    declared: artifact.declared,
    expression,
    source: metadataIds.length > 0 ? (artifact.fileExpressions.length > 0 ? 'metadata+file' : 'metadata') : artifact.fileExpressions.length > 0 ? 'file' : 'none',
    files: artifact.licenseFiles,
  };
  return {
    kind: 'model',
    ref,
    name: artifact.name,
    version: null,
    purl: artifactPurl(artifact.name),
    scopes: ['prod'],
    direct: true,
    paths: artifact.files,
    via: [rootName, ref],
    license,
    category: categoryOf(expression, knowledge),
    dependsOn: [],
    evidence: artifact.evidence,
    model: { family: artifact.family, version: artifact.version, multimodal: artifact.multimodal, baseModels: artifact.baseModels },
  };
}

function referenceComponent(reference: SourceReference, rootName: string, knowledge: ModelKnowledge): Component {
  const { entry } = reference;
  const license = entry?.license ?? null;
  const dataset = reference.kind === 'dataset';
  const ref = dataset ? `dataset:${reference.name}` : reference.name;
  return {
    kind: dataset ? 'dataset' : 'model',
    ref,
    name: reference.name,
    version: null,
    purl: referencePurl(reference),
    scopes: ['prod'],
    direct: true,
    paths: [reference.file],
    via: [rootName, ref],
    license: { declared: null, expression: license, source: license ? 'metadata' : 'none', files: [] },
    category: dataset ? 'unknown' : categoryOf(license, knowledge),
    dependsOn: [],
    evidence: [{ file: reference.file, line: reference.line }],
    ...(dataset ? {} : { model: { family: entry?.family ?? null, version: entry?.version ?? null, multimodal: entry?.multimodal ?? null, baseModels: [] } }),
  };
}

function referencePurl(reference: SourceReference): string {
  switch (reference.kind) {
    case 'huggingface':
      return reference.name.includes('/') ? huggingFacePurl(reference.name) : `pkg:huggingface/${encode(reference.name)}`;
    case 'ollama':
      return ollamaPurl(reference.name);
    case 'dataset':
      return `pkg:generic/huggingface-datasets/${reference.name.split('/').map(encode).join('/')}`;
    case 'file':
      return artifactPurl(reference.name);
  }
}

/** A model or dataset named in the project whose license rules/models/ does not know: fail closed. */
function unknownLicenseProblem(component: Component): TreeProblem {
  const evidence = component.evidence?.[0];
  return {
    rule: 'model-license-unknown',
    code: component.kind === 'dataset' ? 'dataset-unknown' : 'model-unknown',
    package: component.ref,
    path: evidence?.file ?? component.paths[0] ?? '.',
    args: { name: component.name, kind: component.kind, at: evidence ? `${evidence.file}:${evidence.line}` : null },
  };
}

/** Two sightings of one model (an artifact and a reference, or two references): one component, the licenses combined. */
function mergeComponents(a: Component, b: Component): Component {
  const expression = joinExpressions([a.license.expression, b.license.expression].filter((part): part is string => part !== null), 'AND');
  const sources = new Set([a.license.source, b.license.source].flatMap((source) => (source === 'metadata+file' ? ['metadata', 'file'] : source === 'none' ? [] : [source])));
  return {
    ...a,
    paths: [...a.paths, ...b.paths],
    license: {
      declared: a.license.declared ?? b.license.declared,
      expression,
      source: sources.has('metadata') && sources.has('file') ? 'metadata+file' : sources.has('file') ? 'file' : sources.has('metadata') ? 'metadata' : 'none',
      files: [...a.license.files, ...b.license.files],
    },
    category: a.category === 'model' || b.category === 'model' ? 'model' : a.category,
    evidence: [...(a.evidence ?? []), ...(b.evidence ?? [])],
    model: {
      family: a.model?.family ?? b.model?.family ?? null,
      version: a.model?.version ?? b.model?.version ?? null,
      multimodal: a.model?.multimodal ?? b.model?.multimodal ?? null,
      baseModels: [...new Set([...(a.model?.baseModels ?? []), ...(b.model?.baseModels ?? [])])],
    },
  };
}

/** A derivative depends on each of its base models the scan found as a component of its own. */
function linkBases(components: Component[]): Component[] {
  const refByName = new Map(components.map((component) => [component.name.toLowerCase(), component.ref]));
  return components.map((component) => {
    const bases = (component.model?.baseModels ?? []).map((base) => refByName.get(base.toLowerCase())).filter((ref): ref is string => ref !== undefined && ref !== component.ref);
    return bases.length === 0 ? component : { ...component, dependsOn: [...new Set([...component.dependsOn, ...bases])].sort(compare) };
  });
}

function finish(component: Component): Component {
  const evidence = uniqueEvidence(component.evidence ?? []);
  return { ...component, paths: [...new Set(component.paths)].sort(compare), evidence };
}

function uniqueEvidence(evidence: Evidence[]): Evidence[] {
  const seen = new Map(evidence.map((item) => [`${item.file}\u0000${item.line}`, item]));
  return [...seen.values()].sort((a, b) => compare(a.file, b.file) || a.line - b.line);
}

/** `model` when a model license is part of the expression; otherwise left for the classifier. */
function categoryOf(expression: string | null, knowledge: ModelKnowledge): Component['category'] {
  if (expression === null) return 'unknown';
  return idsOf(expression).some((id) => knowledge.modelLicenseIds.has(id)) ? 'model' : 'unknown';
}

const encode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

/** purl type `huggingface`: namespace = the account, name = the repository (case kept, as the Hub does). */
function huggingFacePurl(id: string): string {
  const [org, name] = id.split('/') as [string, string];
  return `pkg:huggingface/${encode(org)}/${encode(name)}`;
}

/** Ollama has no purl type: `pkg:generic/ollama/<name>` with the tag (after `:`) as the version. */
function ollamaPurl(tag: string): string {
  const colon = tag.indexOf(':');
  return colon === -1 ? `pkg:generic/ollama/${encode(tag)}` : `pkg:generic/ollama/${encode(tag.slice(0, colon))}@${encode(tag.slice(colon + 1))}`;
}

/** A model found only as files: `pkg:generic/<name>`. */
function artifactPurl(name: string): string {
  return `pkg:generic/${encode(name)}`;
}

/** Whether any of the README files opens with YAML front matter (`---`), the mark of a model card. */
async function anyHasFrontMatter(directory: string, cards: readonly string[]): Promise<boolean> {
  for (const card of cards) {
    let handle;
    try {
      handle = await openRegularFile(join(directory, card));
      const head = Buffer.alloc(8);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (/^(\uFEFF)?---/.test(head.subarray(0, bytesRead).toString('utf8'))) return true;
    } catch {
      // unreadable: the artifact reader reports it
    } finally {
      await handle?.close();
    }
  }
  return false;
}
