declare module '@yarnpkg/lockfile' {
  /** Yarn 1's own lockfile parser: `merge`/`conflict` when the file has unresolved merge markers. */
  export function parse(text: string, fileLoc?: string): { type: 'success' | 'merge' | 'conflict'; object: Record<string, Record<string, unknown>> };
  const lockfile: { parse: typeof parse };
  export default lockfile;
}
