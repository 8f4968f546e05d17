import { existsSync } from 'node:fs';

let root: URL | undefined;

/**
 * A file shipped with licit (`rules/…`, `package.json`), as a URL. The root is found by walking up
 * from this module, because the module sits at a different depth in `src/` (tests) and in the
 * bundle under `dist/`.
 */
export function licitFileUrl(relativePath: string): URL {
  root ??= findRoot();
  return new URL(relativePath, root);
}

function findRoot(): URL {
  let directory = new URL('./', import.meta.url);
  for (;;) {
    if (existsSync(new URL('rules/licenses.json', directory))) return directory;
    const parent = new URL('../', directory);
    if (parent.href === directory.href) throw new Error(`licit's rules/ directory was not found above ${import.meta.url}`);
    directory = parent;
  }
}
