// Model and dataset references in a line of text, recognised by where they stand rather than by a list:
// model-loading calls (`from_pretrained(`, `pipeline(`, `hf_hub_download(`, `SentenceTransformer(`…),
// model keys (`model:`, `model_id=`, `LLM_MODEL=`, `--model-id`), serving commands (`vllm serve`,
// `ollama run`, `huggingface-cli download`, Modelfile `FROM`), Hugging Face URLs and `hf://` paths, and
// weight file names. An id found there that rules/models/ does not know is still a model (unknown
// license). Outside those places only ids rules/models/ knows count, so ordinary strings stay out.
import type { ModelKnowledge, ModelReferenceEntry } from './knowledge.js';

export type ReferenceKind = 'huggingface' | 'ollama' | 'file' | 'dataset';

export interface ModelReference {
  kind: ReferenceKind;
  /** `org/name` (or a legacy bare id) for Hugging Face and datasets, `name[:tag]` for Ollama, the base name of a weight file. */
  name: string;
  /** What rules/models/ knows of it; null: a model (or dataset) whose license licit does not know. */
  entry: ModelReferenceEntry | null;
}

export interface LineContext {
  /** YAML, TOML, .env, INI: unquoted `key: value` values count as strings. */
  configValues: boolean;
  /** An Ollama Modelfile: `FROM <tag or file>`. */
  modelfile: boolean;
  /** The line before names a model key (`- name: MODEL_ID` over `value: …` in Kubernetes env lists). */
  valueOfModelKey?: boolean;
}

/** How much a place vouches for the string in it. */
type Place =
  | 'loader' // from_pretrained & co: bare legacy ids (`gpt2`) count too
  | 'dataset-loader' // load_dataset: the value is a dataset
  | 'model' // a model key, flag or serving command: `org/name` and `name:tag` count unknown
  | 'dataset' // a dataset key or flag
  | 'ollama' // a model key on a line that calls Ollama: bare library names count unknown
  | 'any'; // anywhere else: only what rules/models/ knows

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const OLLAMA_TAG = /^[a-z0-9][a-z0-9._-]*(?::[A-Za-z0-9._-]+)?$/;
const BARE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{1,95}$/;
const QUOTED = /(["'`])([^"'`\s]{1,200})\1/g;
const PATH_TOKEN = /(?<![@\w.-])[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)+/g;
const HUGGING_FACE_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co', 'hf-mirror.com']);
const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;
const HUB_URL = /(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co|hf-mirror\.com)\/((?:datasets|spaces)\/)?([A-Za-z0-9][\w.-]*)(?:\/([A-Za-z0-9][\w.-]*))?/g;
/** Inference and Hub API URLs: `api-inference.huggingface.co/models/<id>`, `huggingface.co/api/models/<id>`. */
const INFERENCE_URL = /huggingface\.co\/(?:api\/|hf-inference\/)?models\/([A-Za-z0-9][\w.-]*)(?:\/([A-Za-z0-9][\w.-]*))?/g;
const HF_PATH = /\bhf:\/\/(datasets\/)?([A-Za-z0-9][\w.-]*)\/([A-Za-z0-9][\w.-]*)/g;
/** Top-level paths of huggingface.co that are not accounts. */
const HUB_PAGES = new Set([
  'docs', 'blog', 'learn', 'papers', 'api', 'settings', 'join', 'login', 'pricing', 'models', 'datasets', 'spaces',
  'organizations', 'collections', 'tasks', 'posts', 'chat', 'new', 'new-space', 'enterprise', 'terms-of-service',
  'privacy', 'huggingface', 'changelog', 'inference-endpoints', 'support', 'search',
]);
/** A call that loads a model: its string arguments name one. */
const LOADER_CALL =
  /\b(from_pretrained|from_single_file|SentenceTransformer|CrossEncoder|hf_hub_download|snapshot_download|hf_hub_url|HuggingFaceEmbeddings?|HuggingFaceEndpoint|HuggingFaceInferenceAPIEmbeddings|HuggingFaceInstructEmbeddings|pipeline|load_dataset|from_model_id|AutoModel\w*|FastLanguageModel\.from_pretrained)\s*\(([^)]*)/g;
/** Calls whose bare (org-less) string arguments are still model ids. */
const BARE_LOADERS = new Set(['from_pretrained', 'SentenceTransformer', 'CrossEncoder', 'HuggingFaceEmbeddings', 'HuggingFaceEmbedding', 'from_model_id']);
/** `key = "value"`, `key: 'value'`, `"key": "value"` where the key names a model. */
const KEYED_QUOTED = /["']?\b([A-Za-z_][\w-]*)["']?\s*(?:=|:)\s*(["'`])([^"'`\s]{1,200})\2/g;
/** `KEY=value` / `key: value` unquoted, as in .env, YAML, TOML and INI. */
const KEYED_BARE = /^\s*(?:export\s+|ARG\s+|ENV\s+|-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*([^\s"'#,[\]{}]+)\s*(?:#.*)?$/;
const MODEL_KEY =
  /^(model|models|model_?id|model_?name|model_?repo|model_name_or_path|pretrained_model_name_or_path|repo_?id|base_?model|base_model_name_or_path|embed_?model|embedding_?model|embeddings_?model|llm_?model|chat_?model|rerank(er)?_?model|vision_?model|draft_?model|tokenizer_?name|tokenizer|ckpt_?name|checkpoint|model_?path|path_or_repo_id|hf_?model(_id)?|hf_?repo|llm|value_of_model_key|[\w]*_model(_id|_name|_repo)?)$/i;
const DATASET_KEY = /^(dataset|dataset_?name|dataset_?id|dataset_?path|data_?path|hf_?dataset|[\w]*_dataset(_id|_name)?)$/i;
/** Command-line flags and serving commands followed by a model (or dataset). */
const FLAG =
  /(?:^|[\s"'[,(])(--model|--model-id|--model_id|--model-name|--model_name|--model_name_or_path|--model-path|--base-model|--base_model|--hf-repo|--hf_repo|-hf|--tokenizer|--served-model|--draft-model|--pretrained_model_name_or_path|--dataset|--dataset-name|--dataset_name|--dataset_id)(?:=|["']?\s*,?\s*["']?\s*|\s+)["']?([^\s"',\])]+)/g;
const COMMAND =
  /\b(?:vllm\s+serve|ollama\s+(?:run|pull|show|push|create\s+\S+\s+-f|cp|rm)|(?:huggingface-cli|hf)\s+download(?:\s+--repo-type[= ]\w+)?|llamafile\s+-m|lms\s+get|mlx_lm\.\w+\s+--model)\s+["']?([^\s"'`;|&)]+)/g;
const MODELFILE_FROM = /^\s*FROM\s+(\S+)\s*$/i;
/** A Dockerfile `FROM`, a compose/k8s `image:` or a `docker pull|run` names a container image, never a model. */
const IMAGE_LINE = /^\s*(?:FROM\s+\S+(?:\s+AS\s+\S+)?\s*$|-?\s*["']?image["']?\s*:|.*\bdocker\s+(?:pull|run)\b)/i;
const WEIGHT_FILE = /(?<![\w.-])((?:[\w.+-]+\/)*)([\w][\w.+-]*\.(?:gguf|safetensors))\b/gi;
/** Weight file names that name a part of a model repository, not a model. */
const GENERIC_WEIGHTS = /^(model|pytorch_model|adapter_model|diffusion_pytorch_model|consolidated|ggml-model|ggml-model-[\w]+|model-\d+-of-\d+|model\.fp16|weights|unet|vae|text_encoder|tokenizer)(\.[\w-]+)?\.(gguf|safetensors)$|[*?]/i;
/** Quantisation and precision suffixes of weight file names: `.Q4_K_M`, `-q8_0`, `-IQ3_XS`, `-f16`, `-4bit`. */
const QUANT_SUFFIX = /[.-](?:i?q\d(?:_[a-z0-9]+)*|f16|f32|bf16|fp16|fp8|int[48]|[48]bit|gguf)$/i;
/** LiteLLM and similar routers prefix the provider: `ollama/llama3.1`, `huggingface/org/name`. */
const OLLAMA_PREFIX = /^(?:ollama|ollama_chat)\//i;
const HF_PREFIX = /^huggingface\//i;

/** The references in one line, in order of appearance, without duplicates. */
export function referencesInLine(line: string, knowledge: ModelKnowledge, context: LineContext): ModelReference[] {
  const found: ModelReference[] = [];
  const seen = new Set<string>();
  const add = (reference: ModelReference | null): void => {
    if (!reference) return;
    const key = `${reference.kind === 'dataset' ? 'dataset' : 'model'}:${reference.name.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    seen.add(reference.name.toLowerCase());
    found.push(reference);
  };
  const imageLine = !context.modelfile && IMAGE_LINE.test(line);
  if (imageLine) return [];

  for (const match of line.matchAll(HUB_URL)) {
    const [, section, org, name] = match;
    if (section === 'spaces/' || !name || HUB_PAGES.has(org!.toLowerCase())) continue;
    const id = `${org}/${stripTag(name)}`;
    add(section === 'datasets/' ? datasetReference(id, knowledge) : huggingFaceReference(id, knowledge));
  }
  for (const match of line.matchAll(INFERENCE_URL)) add(huggingFaceReference(match[2] ? `${match[1]}/${match[2]}` : match[1]!, knowledge));
  for (const match of line.matchAll(HF_PATH)) {
    const id = `${match[2]}/${match[3]}`;
    add(match[1] ? datasetReference(id, knowledge) : huggingFaceReference(id, knowledge));
  }
  for (const match of line.matchAll(LOADER_CALL)) {
    const call = match[1]!;
    const place: Place = call === 'load_dataset' ? 'dataset-loader' : BARE_LOADERS.has(call) || call.startsWith('AutoModel') ? 'loader' : 'model';
    // Positional arguments only: keyword ones (`repo_id=`, `model=`) are read by their key below.
    const positional = [...match[2]!.replace(/\b\w+\s*=\s*(["'`])[^"'`]*\1/g, '').matchAll(QUOTED)].map((argument) => argument[2]!);
    // `pipeline(task, model)` names the model second; other loaders first (`load_dataset(id, config)`).
    for (const argument of call === 'pipeline' ? positional : positional.slice(0, 1)) add(classify(argument, place, knowledge));
  }
  const ollamaLine = /\bollama\b/i.test(line);
  for (const match of line.matchAll(KEYED_QUOTED)) {
    const keyed = keyPlace(match[1]!);
    const place = keyed === 'model' && ollamaLine ? 'ollama' : keyed;
    if (place) add(classify(match[3]!, place, knowledge));
  }
  if (context.configValues || context.valueOfModelKey) {
    const keyed = KEYED_BARE.exec(line);
    if (keyed) {
      const place = context.valueOfModelKey && keyed[1] === 'value' ? 'model' : keyPlace(keyed[1]!);
      if (place) add(classify(keyed[2]!, place, knowledge));
    }
  }
  if (context.valueOfModelKey) {
    const quotedValue = /^\s*["']?value["']?\s*:\s*(["'])([^"'\s]+)\1/.exec(line);
    if (quotedValue) add(classify(quotedValue[2]!, 'model', knowledge));
  }
  for (const match of line.matchAll(FLAG)) add(classify(match[2]!, /dataset/.test(match[1]!) ? 'dataset' : 'model', knowledge));
  const datasetDownload = /--repo-type[= ]dataset\b/.test(line);
  for (const match of line.matchAll(COMMAND)) add(classify(match[1]!, datasetDownload && /download/.test(match[0]) ? 'dataset' : 'model', knowledge));
  if (context.modelfile) {
    const from = MODELFILE_FROM.exec(line);
    if (from) add(classify(from[1]!, 'model', knowledge));
  }

  // Anywhere else, only ids rules/models/ knows: quoted Ollama tags and `org/name` tokens.
  const aboutModels = /model|ollama|llm/i.test(line);
  for (const match of line.matchAll(QUOTED)) {
    const value = match[2]!;
    const bare = value.replace(OLLAMA_PREFIX, '');
    if (bare !== value || bare.includes(':') || aboutModels) add(knownOllama(bare, knowledge));
  }
  for (const match of line.matchAll(PATH_TOKEN)) {
    // `together_ai/meta-llama/…`, `openrouter/mistralai/…`: a hosted API serving the model.
    if (knowledge.hostedProviders.has(match[0].slice(0, match[0].indexOf('/')).toLowerCase())) continue;
    for (const candidate of huggingFaceCandidates(match[0])) {
      const entry = huggingFaceEntry(candidate, knowledge);
      // Already read in a stronger place on this line (a dataset, say): not a second, weaker reading.
      if (seen.has(candidate.toLowerCase())) continue;
      if (entry || knowledge.publishers.has(orgOf(candidate))) add({ kind: 'huggingface', name: candidate, entry });
    }
  }
  // A weight file named on a line that names no repository is a model of its own.
  if (!found.some((reference) => reference.kind === 'huggingface')) {
    for (const match of line.matchAll(WEIGHT_FILE)) add(weightFileReference(match[2]!, knowledge));
  }
  return found;
}

function keyPlace(key: string): Place | null {
  if (DATASET_KEY.test(key)) return 'dataset';
  return MODEL_KEY.test(key) ? 'model' : null;
}

/** What a string in a given place names, if anything. */
function classify(raw: string, place: Place, knowledge: ModelKnowledge): ModelReference | null {
  const value = raw.replace(/[.,;:]+$/, '');
  if (/\.(gguf|safetensors)$/i.test(value)) return weightFileReference(value.slice(value.lastIndexOf('/') + 1), knowledge);
  if (/^[./~$]|:\/\/|\\/.test(value) || value.includes('{')) return null;
  if (OLLAMA_PREFIX.test(value)) return ollamaTag(value.replace(OLLAMA_PREFIX, ''), knowledge);
  const id = value.replace(HF_PREFIX, '').replace(/^hf\.co\//i, '');
  const segments = id.split('/');
  const dataset = place === 'dataset' || place === 'dataset-loader';
  if (!dataset && isHosted(segments, knowledge)) return null;
  if (segments.length === 2) {
    const [org, name] = segments as [string, string];
    // A file (`data/tickets.jsonl`), not a repository.
    if (dataset && /\.(jsonl?|csv|parquet|txt|arrow|tsv)$/i.test(name)) return null;
    if (!SEGMENT.test(org) || !SEGMENT.test(stripTag(name)) || /[-.]$/.test(stripTag(name))) return null;
    const hubId = `${org}/${stripTag(name)}`;
    return dataset ? datasetReference(hubId, knowledge) : huggingFaceReference(hubId, knowledge);
  }
  if (segments.length !== 1) return null;
  if (place === 'dataset-loader') return BARE_ID.test(id) && !knowledge.datasetBuilders.has(id.toLowerCase()) ? datasetReference(id, knowledge) : null;
  if (place === 'dataset') return null;
  const known = knownOllama(id, knowledge);
  if (known) return known;
  if (place === 'model' && /^[a-z0-9][a-z0-9._-]*:[A-Za-z0-9._-]+$/.test(id)) return ollamaTag(id, knowledge);
  // `ollama.embeddings({ model: 'mxbai-embed-large' })`: on a line about Ollama a bare name is a library tag.
  if (place === 'ollama') return ollamaTag(id, knowledge);
  if (place === 'loader' && BARE_ID.test(id) && /[\d-]/.test(id)) return huggingFaceReference(id, knowledge);
  return null;
}

/** A hosted API's model (`openai/gpt-4o`, `gpt-4o`, `anthropic/claude-3-5-sonnet`): a service, not a model the project holds. */
function isHosted(segments: string[], knowledge: ModelKnowledge): boolean {
  if (segments.length > 1 && knowledge.hostedProviders.has(segments[0]!.toLowerCase())) return true;
  const name = segments[segments.length - 1]!;
  return knowledge.hostedModels.some((pattern) => pattern.test(name));
}

const stripTag = (name: string): string => name.replace(/:[\w.-]+$/, '');
const orgOf = (id: string): string => id.slice(0, id.indexOf('/')).toLowerCase();

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
  if (slash <= 0) return bareEntry(id, knowledge);
  const org = id.slice(0, slash).toLowerCase();
  const name = id.slice(slash + 1);
  const republished = knowledge.republishers.has(org);
  for (const entry of knowledge.entries) {
    if (entry.huggingFace.some((pattern) => pattern.test(id))) return entry;
    if (republished && entry.republished.some((pattern) => pattern.test(name))) return entry;
  }
  return null;
}

/** A legacy org-less id (`gpt2`, `bert-base-uncased`) or a weight file's stem, by the re-published name patterns. */
function bareEntry(name: string, knowledge: ModelKnowledge): ModelReferenceEntry | null {
  return knowledge.entries.find((entry) => entry.republished.some((pattern) => pattern.test(name))) ?? null;
}

function huggingFaceReference(id: string, knowledge: ModelKnowledge): ModelReference | null {
  if (isHosted(id.split('/'), knowledge)) return null;
  return { kind: 'huggingface', name: id, entry: huggingFaceEntry(id, knowledge) };
}

function datasetReference(id: string, knowledge: ModelKnowledge): ModelReference {
  const entry = knowledge.datasets.find((dataset) => dataset.huggingFace.some((pattern) => pattern.test(id))) ?? null;
  return { kind: 'dataset', name: id, entry };
}

/** `name.Q4_K_M.gguf` -> the model it is a build of, by its stem without quantisation suffixes. */
function weightFileReference(file: string, knowledge: ModelKnowledge): ModelReference | null {
  if (GENERIC_WEIGHTS.test(file)) return null;
  let stem = file.replace(/\.(gguf|safetensors)$/i, '');
  while (QUANT_SUFFIX.test(stem)) stem = stem.replace(QUANT_SUFFIX, '');
  return { kind: 'file', name: file, entry: bareEntry(stem, knowledge) };
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

function knownOllama(tag: string, knowledge: ModelKnowledge): ModelReference | null {
  const entry = ollamaEntry(tag, knowledge);
  return entry ? { kind: 'ollama', name: tag, entry } : null;
}

/** An Ollama tag in a model place: known or not, a model (`hf.co/org/name:quant` is the Hub repo). */
function ollamaTag(tag: string, knowledge: ModelKnowledge): ModelReference | null {
  if (/^hf\.co\//i.test(tag)) return huggingFaceReference(stripTag(tag.slice(6)), knowledge);
  if (tag.includes('/')) return classify(tag, 'model', knowledge);
  if (!OLLAMA_TAG.test(tag) || isHosted([tag.split(':')[0]!], knowledge)) return null;
  return { kind: 'ollama', name: tag, entry: ollamaEntry(tag, knowledge) };
}
