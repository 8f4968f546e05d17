import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ini from 'ini';
import { setOwn, ownValue, readInputText } from '../model/index.js';

export type Environment = Record<string, string | undefined>;
export type ConfigValue = string | boolean | null | string[];

/** Where npm's config comes from; everything defaults to this process. */
export interface NpmConfigSources {
  env?: Environment;
  homeDir?: string;
  /** The node binary npm would run under; decides the default global prefix. */
  execPath?: string;
  platform?: NodeJS.Platform;
}

export interface NpmConfig {
  /** Merged settings (env > project > user > global), `${VAR}` expanded, keys as npm spells them. */
  values: Record<string, ConfigValue>;
  /** The same settings flattened the way npm hands them to npm-registry-fetch / pacote. */
  fetchOptions: FetchOptions;
  /** `offline` from the config: only the cache may answer. */
  offline: boolean;
  /** The .npmrc files that were read, highest precedence first. */
  files: string[];
}

/** npm-registry-fetch options: named options plus `@scope:registry` and `//host/path/:key` verbatim. */
export type FetchOptions = Record<string, unknown> & { registry: string };

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

const PATH_KEYS = new Set(['cafile', 'userconfig', 'globalconfig', 'prefix', 'cache']);
const BOOLEAN_KEYS = new Set(['strict-ssl', 'offline', 'always-auth', 'prefer-offline', 'prefer-online']);

/**
 * Reads the npm config that `npm` itself would use in `projectDir`: npm_config_* environment
 * variables, then `<projectDir>/.npmrc`, the user's .npmrc and the global npmrc (npm's builtin
 * npmrc and command-line flags do not apply). Missing files are skipped; unreadable ones too.
 */
export function readNpmConfig(projectDir: string, sources: NpmConfigSources = {}): NpmConfig {
  const env = sources.env ?? process.env;
  const home = sources.homeDir ?? (env.HOME || homedir());
  const context: ExpandContext = { env, home, base: projectDir };
  const files: string[] = [];

  const envLayer = environmentLayer(env, context);
  const projectFile = resolve(projectDir, '.npmrc');
  const userFile = pathSetting('userconfig', [envLayer]) ?? join(home, '.npmrc');
  const projectLayer = projectFile === userFile ? {} : fileLayer(projectFile, context, files);
  const userFileAfterProject = pathSetting('userconfig', [envLayer, projectLayer]) ?? userFile;
  const userLayer = fileLayer(userFileAfterProject, context, files);
  const layersSoFar = [envLayer, projectLayer, userLayer];
  const globalFile =
    pathSetting('globalconfig', layersSoFar) ??
    resolve(pathSetting('prefix', layersSoFar) ?? defaultGlobalPrefix(env, sources), 'etc', 'npmrc');
  const globalLayer = fileLayer(globalFile, context, files);

  const values: Record<string, ConfigValue> = { ...globalLayer, ...userLayer, ...projectLayer, ...envLayer };
  return { values, fetchOptions: flattenForFetch(values), offline: values.offline === true, files };
}

/** The registry npm would ask for `name`: its scope's `@scope:registry`, else `registry`. */
export function registryFor(name: string, options: FetchOptions): string {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : null;
  const scoped = scope ? options[`${scope}:registry`] : undefined;
  return typeof scoped === 'string' && scoped ? scoped : options.registry;
}

interface ExpandContext {
  env: Environment;
  home: string;
  base: string;
}

function environmentLayer(env: Environment, context: ExpandContext): Record<string, ConfigValue> {
  const raw = Object.create(null) as Record<string, unknown>;
  for (const [envKey, value] of Object.entries(env)) {
    if (!/^npm_config_/i.test(envKey) || value === undefined || value === '') continue;
    let key = envKey.slice('npm_config_'.length);
    // As npm does: nerf-darted keys keep their spelling; others map `_` to `-` (not a leading one).
    if (!key.startsWith('//')) key = key.replace(/(?!^)_/g, '-').toLowerCase();
    raw[key] = value;
  }
  return normaliseLayer(raw, context);
}

function fileLayer(file: string, context: ExpandContext, files: string[]): Record<string, ConfigValue> {
  // Bounded like every input: a FIFO or device named .npmrc is the one-line input error, not a hang.
  if (!existsSync(file)) return {};
  const text = readInputText(file, file);
  files.push(file);
  return normaliseLayer(ini.parse(text), context);
}

function normaliseLayer(raw: Record<string, unknown>, context: ExpandContext): Record<string, ConfigValue> {
  const layer = Object.create(null) as Record<string, ConfigValue>; // keys come from .npmrc and the environment
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    const key = expandEnvironment(rawKey, context.env);
    const value = normaliseValue(key, rawValue, context);
    if (value !== undefined) layer[key] = value;
  }
  return layer;
}

function normaliseValue(key: string, value: unknown, context: ExpandContext): ConfigValue | undefined {
  if (typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string').map((item) => expandEnvironment(item.trim(), context.env));
  if (typeof value !== 'string') return undefined; // an ini [section]: npm has none
  const text = value.trim();
  if (BOOLEAN_KEYS.has(key) && (text === 'true' || text === 'false')) return text === 'true';
  const expanded = expandEnvironment(text, context.env);
  return PATH_KEYS.has(key) ? expandPath(expanded, context) : expanded;
}

/** `${VAR}` and `${VAR?}` (empty when unset) as npm expands them; `\${VAR}` stays literal. */
export function expandEnvironment(text: string, env: Environment): string {
  return text.replace(/(?<!\\)(\\*)\$\{([^${}?]+)(\?)?\}/g, (original, escapes: string, name: string, optional?: string) => {
    if (escapes.length % 2) return original.slice((escapes.length + 1) / 2);
    const value = ownValue(env, name) ?? (optional ? '' : `\${${name}}`);
    return escapes.slice(escapes.length / 2) + value;
  });
}

function expandPath(path: string, context: ExpandContext): string {
  if (/^~[/\\]/.test(path)) return resolve(context.home, path.slice(2));
  return resolve(context.base, path);
}

function pathSetting(key: string, layers: Record<string, ConfigValue>[]): string | undefined {
  for (const layer of layers) {
    const value = ownValue(layer, key);
    if (typeof value === 'string' && value) return value;
  }
  return undefined;
}

function defaultGlobalPrefix(env: Environment, sources: NpmConfigSources): string {
  if (env.PREFIX) return env.PREFIX;
  const execPath = sources.execPath ?? process.execPath;
  if ((sources.platform ?? process.platform) === 'win32') return dirname(execPath);
  const prefix = dirname(dirname(execPath));
  return env.DESTDIR ? join(env.DESTDIR, prefix) : prefix;
}

/** How long a request may go without a byte (connecting, waiting for the answer, reading it) before it fails. */
export const DEFAULT_FETCH_TIMEOUT_MS = 15_000;
/** How long one attempt may take in all when the npm config does not say (`fetch-timeout`). */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 90_000;

/** npm's flattening (`@npmcli/config` definitions) for the settings that matter when fetching. */
function flattenForFetch(values: Record<string, ConfigValue>): FetchOptions {
  const text = (key: string): string | undefined => {
    const value = ownValue(values, key);
    return typeof value === 'string' && value ? value : undefined;
  };
  const number = (key: string, fallback: number): number => {
    const value = Number(text(key));
    return text(key) !== undefined && Number.isFinite(value) ? value : fallback;
  };

  const options: FetchOptions = { registry: text('registry') ?? DEFAULT_REGISTRY };
  for (const [key, value] of Object.entries(values)) {
    if (/^@.*:registry$/i.test(key) || key.startsWith('//')) setOwn(options, key, value);
  }
  if (typeof values['strict-ssl'] === 'boolean') options.strictSSL = values['strict-ssl'];
  const ca = certificateAuthorities(values);
  if (ca) options.ca = ca;
  for (const [key, option] of [['cert', 'cert'], ['key', 'key'], ['proxy', 'proxy'], ['https-proxy', 'httpsProxy'], ['local-address', 'localAddress']] as const) {
    const value = text(key);
    if (value) options[option] = value;
  }
  const noProxy = values.noproxy;
  if (typeof noProxy === 'string' && noProxy) options.noProxy = noProxy;
  if (Array.isArray(noProxy)) options.noProxy = noProxy.join(',');
  if (text('maxsockets')) options.maxSockets = number('maxsockets', 15);
  // npm's settings when given; else licit's defaults, shorter than npm's (5 minutes without a byte,
  // retries 10 s then 60 s apart: a registry answering HTTP 500 held a scan for 71 s).
  options.timeout = number('fetch-timeout', DEFAULT_FETCH_TIMEOUT_MS);
  // npm's fetch-timeout bounds a whole attempt; licit's default silence is short, so its default whole
  // attempt is longer (a large packument on a slow link), and the capped reader enforces it.
  options.attemptTimeout = number('fetch-timeout', DEFAULT_ATTEMPT_TIMEOUT_MS);
  options.retry = {
    retries: number('fetch-retries', 2),
    factor: number('fetch-retry-factor', 2),
    minTimeout: number('fetch-retry-mintimeout', 1_000),
    maxTimeout: number('fetch-retry-maxtimeout', 4_000),
  };
  return options;
}

function certificateAuthorities(values: Record<string, ConfigValue>): string[] | undefined {
  const cafile = values.cafile;
  if (typeof cafile === 'string' && cafile) {
    if (!existsSync(cafile)) return undefined;
    const raw = readInputText(cafile, `cafile ${cafile}`);
    const end = '-----END CERTIFICATE-----';
    return raw
      .replace(/\r\n/g, '\n')
      .split(end)
      .filter((section) => section.trim())
      .map((section) => section.trimStart() + end);
  }
  const ca = values.ca;
  if (typeof ca === 'string' && ca) return [ca];
  if (Array.isArray(ca) && ca.length) return ca;
  return undefined;
}
