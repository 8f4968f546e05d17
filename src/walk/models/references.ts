// Model references in a line of text: Hugging Face repo ids (`org/name`, also inside URLs and paths)
// and Ollama tags (`name[:tag]` in string literals, config values and `ollama pull|run` commands),
// kept only when a pattern of rules/models/references.json knows them.
import type { ModelKnowledge, ModelReferenceEntry } from './knowledge.js';

export type ReferenceKind = 'huggingface' | 'ollama';

export interface ModelReference {
  kind: ReferenceKind;
  /** As written: `org/name` for Hugging Face, `name` or `name:tag` for Ollama. */
  name: string;
  entry: ModelReferenceEntry;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** A path-like run of segments: `org/name`, `huggingface.co/org/name/resolve/main/x`. `@scope/pkg` is npm, not a model. */
const PATH_TOKEN = /(?<![@\w.-])[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)+/g;
const HUGGING_FACE_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;
const OLLAMA_TAG = /^[a-z0-9][a-z0-9._-]*(?::[A-Za-z0-9._-]+)?$/;
const QUOTED = /(["'`])([^"'`\s]{1,160})\1/g;
/** LiteLLM and similar routers prefix the provider: `ollama/llama3.1`, `ollama_chat/qwen2.5:7b`. */
const PROVIDER_PREFIX = /^(?:ollama|ollama_chat)\//;
const OLLAMA_COMMAND = /\bollama\s+(?:run|pull|show|push|cp|rm)\s+([^\s"'`;|&)]+)/g;
const MODELFILE_FROM = /^\s*FROM\s+([^\s]+)\s*$/i;
/** `key: value` / `KEY=value` with an unquoted value, as in YAML, TOML, .env and INI files. */
const CONFIG_VALUE = /^\s*[A-Za-z_][\w.-]*\s*[:=]\s*([^\s"'#,[\]{}]+)\s*(?:#.*)?$/;
const MODEL_CONTEXT = /model|ollama|llm/i;

export interface LineContext {
  /** YAML, TOML, .env, INI: unquoted `key: value` values count as strings. */
  configValues: boolean;
  /** An Ollama Modelfile: `FROM <tag>`. */
  modelfile: boolean;
}

/** The model references in one line, in order of appearance, without duplicates. */
export function referencesInLine(line: string, knowledge: ModelKnowledge, context: LineContext): ModelReference[] {
  const found: ModelReference[] = [];
  const seen = new Set<string>();
  const add = (reference: ModelReference | null): void => {
    if (!reference) return;
    const key = `${reference.kind}:${reference.name.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push(reference);
  };

  for (const match of line.matchAll(PATH_TOKEN)) {
    for (const candidate of huggingFaceCandidates(match[0])) add(huggingFaceReference(candidate, knowledge));
  }
  // A bare name ("mistral", "gemma", "phi") is also an ordinary word: it counts only on a line that is
  // about models. A name with a tag ("gemma:2b") or a provider prefix counts anywhere.
  const aboutModels = MODEL_CONTEXT.test(line);
  const tagOrContext = (value: string): string | null => {
    const bare = value.replace(PROVIDER_PREFIX, '');
    return bare !== value || bare.includes(':') || aboutModels ? bare : null;
  };
  for (const match of line.matchAll(QUOTED)) {
    const tag = tagOrContext(match[2]!);
    if (tag) add(ollamaReference(tag, knowledge));
  }
  for (const match of line.matchAll(OLLAMA_COMMAND)) add(ollamaReference(match[1]!, knowledge));
  if (context.modelfile) {
    const from = MODELFILE_FROM.exec(line);
    if (from) add(ollamaReference(from[1]!, knowledge));
  }
  if (context.configValues) {
    const value = CONFIG_VALUE.exec(line);
    const tag = value ? tagOrContext(value[1]!) : null;
    if (tag) add(ollamaReference(tag, knowledge));
  }
  return found;
}

/** Each consecutive `a/b` pair of a path-like token; none when the token is a URL of another host. */
function huggingFaceCandidates(token: string): string[] {
  const segments = token.split('/').map((segment) => segment.replace(/\.+$/, ''));
  const first = segments[0]!;
  if (HOST.test(first) && !HUGGING_FACE_HOSTS.has(first.toLowerCase())) return [];
  const candidates: string[] = [];
  for (let index = 0; index + 1 < segments.length; index += 1) {
    const org = segments[index]!;
    const name = segments[index + 1]!;
    // Hub repository names neither start nor end with `-` or `.`.
    if (SEGMENT.test(org) && SEGMENT.test(name) && !name.endsWith('-') && !HUGGING_FACE_HOSTS.has(org.toLowerCase())) candidates.push(`${org}/${name}`);
  }
  return candidates;
}

/** The entry of a Hugging Face repo id (`org/name`), or null when no pattern knows it. */
export function huggingFaceEntry(id: string, knowledge: ModelKnowledge): ModelReferenceEntry | null {
  const slash = id.indexOf('/');
  if (slash <= 0) return null;
  const org = id.slice(0, slash).toLowerCase();
  const name = id.slice(slash + 1);
  const republished = knowledge.republishers.has(org);
  for (const entry of knowledge.entries) {
    if (entry.huggingFace.some((pattern) => pattern.test(id))) return entry;
    if (republished && entry.republished.some((pattern) => pattern.test(name))) return entry;
  }
  return null;
}

function huggingFaceReference(id: string, knowledge: ModelKnowledge): ModelReference | null {
  const entry = huggingFaceEntry(id, knowledge);
  return entry ? { kind: 'huggingface', name: id, entry } : null;
}

/** The entry of an Ollama library tag (`name` or `name:tag`), or null when no pattern knows it. */
export function ollamaEntry(tag: string, knowledge: ModelKnowledge): ModelReferenceEntry | null {
  if (!OLLAMA_TAG.test(tag)) return null;
  const colon = tag.indexOf(':');
  const name = colon === -1 ? tag : tag.slice(0, colon);
  const version = colon === -1 ? null : tag.slice(colon + 1);
  for (const entry of knowledge.entries) {
    for (const pattern of entry.ollama) {
      if (!pattern.name.test(name)) continue;
      if (pattern.tag && (version === null || !pattern.tag.test(version))) continue;
      return entry;
    }
  }
  return null;
}

function ollamaReference(tag: string, knowledge: ModelKnowledge): ModelReference | null {
  const entry = ollamaEntry(tag, knowledge);
  return entry ? { kind: 'ollama', name: tag, entry } : null;
}
