// Which files the model walker reads. In the project's own files: model cards, weight files and the
// source and config files that may name a model. Inside node_modules: weight files only, by type.
// Symbolic links are never followed (installed trees can hold link loops).
import fg from 'fast-glob';
import { compareText as compare } from '../../model/order.js';

export interface ModelFiles {
  /** README.md files, candidates for Hugging Face model cards. */
  cards: string[];
  /** *.gguf and *.safetensors, node_modules included. */
  weights: string[];
  /** Source and config files to search for model references. */
  sources: string[];
}

export interface DiscoverOptions {
  nodeModules: boolean;
  ignore: string[];
  /** May still be coming: the npm walk finds them while the project's files are listed. */
  installedWeights: readonly string[] | PromiseLike<readonly string[]>;
}

const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
/** Build output and other installed trees: references there repeat the sources or belong to dependencies. */
const SOURCE_IGNORED = ['**/dist/**', '**/build/**', '**/coverage/**', '**/.venv/**', '**/venv/**', '**/site-packages/**', '**/__pycache__/**'];
const SOURCE_PATTERNS = [
  '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,vue,svelte,astro,py,ipynb,go,rs,java,kt,rb,php,cs,swift,scala,dart,lua,r,json,jsonc,json5,yaml,yml,toml,env,ini,cfg,conf,hcl,tf,sh,bash}',
  '**/.env',
  '**/.env.*',
  '**/Modelfile',
  '**/Modelfile.*',
  '**/*.Modelfile',
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/Containerfile',
  '**/Makefile',
  '**/Procfile',
];
/** Lockfiles name packages, not models; minified bundles are build output. package.json is read for its scripts. */
const SOURCE_EXCLUDED = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|tsconfig[^/]*\.json|[^/]+\.min\.js)$/i;
const WEIGHTS = '**/*.{gguf,safetensors}';
/** Model weight files by type, the only files of installed packages the model walker reads. */
export const WEIGHT_FILE = /\.(gguf|safetensors)$/i;

export async function discoverModelFiles(root: string, options: DiscoverOptions): Promise<ModelFiles> {
  const base = { cwd: root, dot: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true, caseSensitiveMatch: false } as const;
  const project = await fg(['**/README.md', WEIGHTS, ...SOURCE_PATTERNS], { ...base, ignore: [...ALWAYS_IGNORED, ...options.ignore] });
  const installed = options.nodeModules ? await fg(`**/node_modules/${WEIGHTS}`, { ...base, ignore: ['**/.git/**', ...options.ignore] }) : [];

  const sourceIgnored = SOURCE_IGNORED.map((pattern) => new RegExp(`(^|/)${pattern.slice(3, -3).replace(/\./g, '\\.')}/`));
  const cards: string[] = [];
  const weights = new Set<string>([...installed, ...(await options.installedWeights)]);
  const sources: string[] = [];
  for (const file of project) {
    const lower = file.toLowerCase();
    if (lower.endsWith('.gguf') || lower.endsWith('.safetensors')) weights.add(file);
    else if (/(^|\/)readme\.md$/.test(lower)) cards.push(file);
    else if (!SOURCE_EXCLUDED.test(file) && !sourceIgnored.some((pattern) => pattern.test(file))) sources.push(file);
  }
  return { cards: cards.sort(compare), weights: [...weights].sort(compare), sources: sources.sort(compare) };
}

export { compare };
