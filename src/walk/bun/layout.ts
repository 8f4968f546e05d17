/**
 * Where Bun's hoisted linker installs a bun.lock key: `a/b` is `node_modules/a/node_modules/b`, and a key
 * under a workspace's name (`my-app/ms`) is inside that workspace's folder (`packages/app/node_modules/ms`).
 */
export function installLocation(workspacePathByName: ReadonlyMap<string, string>): (key: string) => string {
  return (key) => {
    const names = nestingOf(key);
    const workspace = names.length > 1 ? workspacePathByName.get(names[0]!) : undefined;
    const folders = (workspace === undefined ? names : names.slice(1)).map((name) => `node_modules/${name}`);
    return workspace === undefined || workspace === '.' ? folders.join('/') : [workspace, ...folders].join('/');
  };
}

/** The package names along a packages key: `a/@s/b/c` -> [a, @s/b, c]. */
export function nestingOf(key: string): string[] {
  const parts = key.split('/');
  const names: string[] = [];
  for (let index = 0; index < parts.length; index++) names.push(parts[index]!.startsWith('@') ? `${parts[index]}/${parts[++index] ?? ''}` : parts[index]!);
  return names;
}
