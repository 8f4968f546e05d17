// A Hugging Face model card: README.md whose YAML front matter carries `license`, `license_name`,
// `license_link`, `base_model` and the like (huggingface.co/docs/hub/model-cards). Only these fields are
// read, each checked for its type, so an odd or hostile document yields nothing rather than a crash.
import type { YamlParse } from './yaml.js';

/** Front matter is read from at most this much of the file. */
export const MAX_CARD_BYTES = 512 * 1024;

export interface ModelCard {
  /** `license` as written: a string, or several. */
  licenses: string[];
  licenseName: string | null;
  licenseLink: string | null;
  baseModels: string[];
  modelName: string | null;
  /** From `pipeline_tag`: true for image/video/audio-and-text tasks, false for text-only tasks, else null. */
  multimodal: boolean | null;
  /** 1-based line of the `license` key in the file, else of the opening `---`. */
  licenseLine: number;
  /** The front matter has a key only model cards have (base_model, pipeline_tag, library_name, model-index…). */
  modelKeys: boolean;
}

export type CardReading =
  | { kind: 'card'; card: ModelCard }
  | { kind: 'none' }
  | { kind: 'malformed'; reason: 'unterminated' | 'yaml' | 'not-a-mapping' | 'no-yaml-parser'; line: number | null };

/** Hugging Face pipeline tags (huggingface.co/docs/hub/models-tasks) by the input they take. */
const MULTIMODAL_TASKS = new Set(['image-text-to-text', 'visual-question-answering', 'image-to-text', 'video-text-to-text', 'audio-text-to-text', 'any-to-any', 'document-question-answering']);
const TEXT_TASKS = new Set(['text-generation', 'text2text-generation', 'fill-mask', 'feature-extraction', 'sentence-similarity', 'text-classification', 'token-classification', 'question-answering', 'summarization', 'translation', 'zero-shot-classification', 'table-question-answering']);

const MODEL_KEYS = ['base_model', 'pipeline_tag', 'library_name', 'model-index', 'model_name', 'model_type', 'inference', 'widget', 'extra_gated_prompt'];
const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*\r?$/m;

/** Reads the front matter of a card's text; `none` when the text has none. */
export function readModelCard(text: string, parse: YamlParse | null): CardReading {
  const opening = OPENING.exec(text);
  if (!opening) return { kind: 'none' };
  const body = text.slice(opening[0].length);
  const closing = CLOSING.exec(body);
  if (!closing) return { kind: 'malformed', reason: 'unterminated', line: 1 };
  if (!parse) return { kind: 'malformed', reason: 'no-yaml-parser', line: null };
  const yaml = body.slice(0, closing.index);

  let data: unknown;
  try {
    data = parse(yaml);
  } catch (error) {
    return { kind: 'malformed', reason: 'yaml', line: errorLine(error) };
  }
  if (data === null || data === undefined) return { kind: 'none' };
  if (typeof data !== 'object' || Array.isArray(data)) return { kind: 'malformed', reason: 'not-a-mapping', line: 1 };
  const fields = data as Record<string, unknown>;

  const licenseKey = /^license[ \t]*:/m.exec(yaml);
  return {
    kind: 'card',
    card: {
      licenses: strings(fields.license),
      licenseName: firstString(fields.license_name),
      licenseLink: firstString(fields.license_link),
      baseModels: strings(fields.base_model),
      modelName: firstString(fields.model_name) ?? modelIndexName(fields['model-index']),
      multimodal: modalityOf(firstString(fields.pipeline_tag)),
      licenseLine: licenseKey ? 2 + lineOf(yaml, licenseKey.index) : 1,
      modelKeys: MODEL_KEYS.some((key) => Object.hasOwn(fields, key)),
    },
  };
}

function modalityOf(task: string | null): boolean | null {
  if (task === null) return null;
  return MULTIMODAL_TASKS.has(task) ? true : TEXT_TASKS.has(task) ? false : null;
}

const MAX_LIST = 64;

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value.slice(0, MAX_LIST) : [value];
  return list.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
}

function firstString(value: unknown): string | null {
  return strings(value)[0] ?? null;
}

function modelIndexName(value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const first: unknown = value[0];
  return typeof first === 'object' && first !== null ? firstString((first as Record<string, unknown>).name) : null;
}

/** 0-based line of an offset. */
function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line += 1;
  return line;
}

/** The 1-based line in the file of a YAML error, when the parser says (front matter starts on line 2). */
function errorLine(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const yamlLine = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
  if (typeof yamlLine === 'number') return yamlLine + 1;
  const jsYamlLine = (error as { mark?: { line: number } }).mark?.line;
  return typeof jsYamlLine === 'number' ? jsYamlLine + 2 : null;
}
