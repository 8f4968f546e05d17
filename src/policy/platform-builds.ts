// Platform builds: one package published once per os/cpu/libc (@img/sharp-libvips-linux-x64, -darwin-arm64…,
// @esbuild/*, @next/swc-*), of which an install keeps only the one for its machine. The same finding on
// every build of one package is one finding, naming the builds.
import type { Component, Finding } from '../model/index.js';
import { PACKAGE_LIST_SEPARATOR } from './conflicts.js';

/** Name parts that only say which platform a build is for (npm's os and cpu values, libc and ABI suffixes). */
const PLATFORM_WORDS = new Set([
  // os (process.platform), and the names builds use for them
  'aix', 'android', 'darwin', 'freebsd', 'haiku', 'linux', 'openbsd', 'netbsd', 'sunos', 'win32', 'windows', 'cygwin', 'openharmony', 'macos', 'linuxmusl', 'wasi', 'wasm32',
  // cpu (process.arch)
  'arm', 'arm64', 'ia32', 'loong64', 'loongarch64', 'mips', 'mipsel', 'mips64el', 'ppc', 'ppc64', 'ppc64le', 'riscv64', 's390', 's390x', 'x64', 'x86', 'x86_64', 'universal', '64', '32',
  // libc and ABI
  'gnu', 'glibc', 'musl', 'msvc', 'eabi', 'gnueabihf', 'musleabihf',
]);

/** The package a build belongs to: its name without the platform words (`@img/sharp-libvips-linux-x64` -> `@img/sharp-libvips`). */
export function buildFamily(name: string): string {
  const slash = name.lastIndexOf('/');
  const scope = slash === -1 ? '' : name.slice(0, slash + 1);
  const words = name.slice(slash + 1).split('-').filter((word) => !PLATFORM_WORDS.has(word));
  return `${scope}${words.join('-')}`;
}

/**
 * Folds findings that say the same thing about several builds of one package (same family and version,
 * each naming an os, cpu or libc) into the first one, which lists every build in `args.platformBuilds`
 * (refs, sorted) and counts them in `args.platformBuildCount`. Order is kept.
 */
export function foldPlatformBuilds(findings: readonly Finding[], components: readonly Component[]): Finding[] {
  const builds = new Map<string, Component>();
  for (const component of components) if (component.kind === 'npm' && component.platform) builds.set(component.ref, component);
  const keyOf = (finding: Finding): string | null => {
    const build = finding.package === null ? undefined : builds.get(finding.package);
    if (!build) return null;
    const { rule, code, severity, license, args } = finding;
    return JSON.stringify([buildFamily(build.name), build.version, rule, code, severity, license, args, suppressionKey(finding)]);
  };
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = keyOf(finding);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const folded: Finding[] = [];
  for (const finding of findings) {
    const key = keyOf(finding);
    const group = key === null ? undefined : groups.get(key);
    if (!group || group.length < 2) {
      folded.push(finding);
      continue;
    }
    if (group[0] !== finding) continue;
    const refs = group.map((member) => member.package!).sort();
    folded.push({ ...finding, args: { ...finding.args, platformBuilds: refs.join(PACKAGE_LIST_SEPARATOR), platformBuildCount: refs.length } });
  }
  return folded;
}

/** Waived and reported findings never fold together. */
function suppressionKey(finding: Finding): string {
  return finding.suppression === undefined ? '' : JSON.stringify(finding.suppression);
}
