import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Node as JsoncNode, ParseError } from 'jsonc-parser';
import { LicitInputError, readInputText } from '../model/index.js';

export interface LoadedConfig {
  /** Where the config came from, or null when none was found (the default preset applies). */
  source: string | null;
  value: Record<string, unknown>;
}

const CONFIG_FILES = ['licit.config.json', '.licitrc.json'];

/** Finds the policy file as the design orders it: --config, licit.config.json, .licitrc.json, package.json#licit. */
export function loadConfig(directory: string, explicitPath: string | undefined): LoadedConfig {
  if (explicitPath) {
    const path = resolve(explicitPath);
    if (!existsSync(path)) throw new LicitInputError(`config file not found: ${explicitPath}`, 'no-config');
    return { source: explicitPath, value: parseConfigText(readInputText(path, explicitPath), explicitPath) };
  }
  for (const name of CONFIG_FILES) {
    const path = join(directory, name);
    if (existsSync(path)) return { source: name, value: parseConfigText(readInputText(path, name), name) };
  }
  const manifestPath = join(directory, 'package.json');
  if (existsSync(manifestPath)) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readInputText(manifestPath, 'package.json'));
    } catch {
      manifest = null; // the walker reports a malformed root package.json with its own message
    }
    const embedded = (manifest as { licit?: unknown } | null)?.licit;
    if (embedded !== undefined) return { source: 'package.json#licit', value: asObject(embedded, 'package.json#licit') };
  }
  return { source: null, value: {} };
}

type JsoncParser = typeof import('jsonc-parser');
let jsonc: JsoncParser | undefined;

/** jsonc-parser loads only when there is a config to read (most scans in CI have none). */
function jsoncParser(): JsoncParser {
  jsonc ??= createRequire(import.meta.url)('jsonc-parser') as JsoncParser;
  return jsonc;
}

export function parseConfigText(text: string, label: string): Record<string, unknown> {
  const { parseTree, printParseErrorCode } = jsoncParser();
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const line = text.slice(0, first.offset).split('\n').length;
    throw new LicitInputError(`${label}: ${printParseErrorCode(first.error)} at line ${line}`, 'invalid-config');
  }
  return asObject(tree ? valueOf(tree) : undefined, label);
}

/**
 * The JSON value of a parsed node, every key an own property: jsonc-parser's own `parse` assigns
 * keys, so a `"__proto__"` key would replace the object's prototype and pass unseen by the
 * unknown-key check (its `exceptions` read through the prototype).
 */
function valueOf(node: JsoncNode): unknown {
  if (node.type === 'array') return (node.children ?? []).map(valueOf);
  if (node.type !== 'object') return node.value;
  const object: Record<string, unknown> = {};
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) Object.defineProperty(object, String(key.value), { value: valueOf(value), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

function asObject(value: unknown, label: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LicitInputError(`${label}: the config must be a JSON object`, 'invalid-config');
  }
  return value as Record<string, unknown>;
}
