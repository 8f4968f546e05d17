// Sorts the tree's files by who they belong to: npm projects (a package.json with a lockfile), Python
// installs and manifests, vendored third-party directories, and the first-party files left over.
// Pure: it sees paths (and which package.json declares workspaces), never the disk.
import { isLicenseFileName } from '../package-file-names.js';
import { compareText } from './list-tree.js';

export interface TreeLayout {
  /** Directories of npm projects (a package.json beside a lockfile), relative ('' for the root), sorted. */
  npmProjects: string[];
  /** `*.dist-info` and `*.egg-info` directories (and `*.egg-info` files), relative. */
  pythonInstalls: string[];
  /** requirements*.txt, poetry.lock, uv.lock, Pipfile.lock outside installed trees. */
  pythonManifests: string[];
  /** Vendored directories, each with the files it owns (its nested vendored directories own theirs). */
  vendored: { directory: string; files: string[] }[];
  /** First-party files: not in an npm project's installed tree, a Python install or a vendored directory. */
  firstParty: string[];
}

const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock']);
/** Directories whose children are third-party code by convention. */
const VENDOR_DIRECTORY = /^(vendor|vendored|third[-_]party|deps|external|externals|3rdparty|contrib)$/i;
/** Files that mark a directory as its own component: metadata of vendored code. */
const COMPONENT_MARKER = /^(README\.chromium|[^/]*\.ABOUT|METADATA\.chromium)$/i;
const PYTHON_MANIFEST = /^(requirements[^/]*\.txt|poetry\.lock|uv\.lock|Pipfile\.lock)$/i;
/** Installed Python trees: their files belong to the packages their metadata describes. */
const PYTHON_INSTALL_SEGMENT = /^(site-packages|dist-packages)$/;

export interface LayoutInput {
  files: readonly string[];
  /** Directories (relative) whose package.json declares workspaces: their nested package.json are members. */
  workspaceRoots: ReadonlySet<string>;
}

export function layoutOf({ files, workspaceRoots }: LayoutInput): TreeLayout {
  const byDirectory = new Map<string, string[]>();
  for (const file of files) {
    const directory = parentOf(file);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), basenameOf(file)]);
  }
  const venvs = new Set([...byDirectory].filter(([, names]) => names.includes('pyvenv.cfg')).map(([directory]) => directory));
  const installed = (directory: string): boolean => ancestors(directory).some((candidate) => venvs.has(candidate) || PYTHON_INSTALL_SEGMENT.test(basenameOf(candidate)));

  const npmProjects = [...byDirectory]
    .filter(([directory, names]) => names.includes('package.json') && names.some((name) => LOCKFILES.has(name)) && !installed(directory))
    .map(([directory]) => directory)
    .sort(compareText);
  const inWorkspace = (directory: string): boolean => ancestors(directory).slice(1).some((candidate) => workspaceRoots.has(candidate));

  const vendoredRoots = new Set<string>();
  for (const [directory, names] of byDirectory) {
    if (directory === '' || installed(directory)) continue;
    for (const candidate of ancestors(directory)) {
      if (candidate !== '' && VENDOR_DIRECTORY.test(basenameOf(parentOf(candidate))) && parentOf(candidate) !== candidate) vendoredRoots.add(candidate);
    }
    if (npmProjects.includes(directory)) continue;
    const marked = names.some((name) => isLicenseFileName(name) || COMPONENT_MARKER.test(name)) || (names.includes('package.json') && !inWorkspace(directory));
    if (marked) vendoredRoots.add(directory);
  }
  // A vendor directory's own loose files (vendor/stb_image.h) form one component named after it.
  for (const [directory, names] of byDirectory) {
    if (directory !== '' && VENDOR_DIRECTORY.test(basenameOf(directory)) && !installed(directory) && names.length > 0) vendoredRoots.add(directory);
  }

  const owned = new Map<string, string[]>([...vendoredRoots].map((root) => [root, []]));
  const pythonInstalls = new Set<string>();
  const pythonManifests: string[] = [];
  const firstParty: string[] = [];
  for (const file of files) {
    const directory = parentOf(file);
    const metadata = pythonMetadataDirectory(file);
    if (metadata) {
      pythonInstalls.add(metadata);
      continue;
    }
    if (installed(directory)) continue;
    const owner = ancestors(directory).find((candidate) => vendoredRoots.has(candidate));
    if (owner !== undefined) owned.get(owner)!.push(file);
    else if (PYTHON_MANIFEST.test(basenameOf(file))) pythonManifests.push(file);
    else firstParty.push(file);
  }
  return {
    npmProjects,
    pythonInstalls: [...pythonInstalls].sort(compareText),
    pythonManifests,
    vendored: [...owned].map(([directory, owns]) => ({ directory, files: owns })).sort((a, b) => compareText(a.directory, b.directory)),
    firstParty,
  };
}

/** The `*.dist-info` / `*.egg-info` directory whose metadata file this is, if it is one. */
function pythonMetadataDirectory(file: string): string | null {
  const name = basenameOf(file);
  const directory = parentOf(file);
  if (name === 'METADATA' && directory.endsWith('.dist-info')) return directory;
  if (name === 'PKG-INFO' && directory.endsWith('.egg-info')) return directory;
  return null;
}

/** The directory itself, then each parent up to the root (''). */
function ancestors(directory: string): string[] {
  const out = [directory];
  let current = directory;
  while (current !== '') {
    current = parentOf(current);
    out.push(current);
  }
  return out;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
