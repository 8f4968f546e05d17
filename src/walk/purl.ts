import { ownValue } from '../model/index.js';
import type { ComponentOrigin } from '../model/index.js';

const encode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

/** A package URL for an npm package (purl spec: scope as namespace, `@` encoded; qualifiers sorted). */
export function npmPurl(name: string, version: string | null, qualifiers: Record<string, string> = {}): string {
  const [namespace, bareName] = name.startsWith('@') && name.includes('/') ? splitScope(name) : [null, name];
  const path = namespace ? `${encode(namespace)}/${encode(bareName)}` : encode(bareName);
  const versionPart = version ? `@${encode(version)}` : '';
  const query = Object.keys(qualifiers)
    .sort()
    .map((key) => `${key}=${encode(ownValue(qualifiers, key)!)}`)
    .join('&');
  return `pkg:npm/${path}${versionPart}${query ? `?${query}` : ''}`;
}

function splitScope(name: string): [string, string] {
  const slash = name.indexOf('/');
  return [name.slice(0, slash), name.slice(slash + 1)];
}

const DEFAULT_REGISTRY = /^https?:\/\/registry\.(npmjs\.org|yarnpkg\.com)\//;

/** Where a package came from, read from its `resolved` value. */
export function originOf(resolved: string | null | undefined, isLinkTarget: boolean): ComponentOrigin {
  if (isLinkTarget) return 'directory';
  if (!resolved) return 'registry';
  if (/^git(\+[a-z]+)?:|^github:|^gitlab:|^bitbucket:/.test(resolved)) return 'git';
  if (resolved.startsWith('file:')) return resolved.endsWith('.tgz') || resolved.endsWith('.tar.gz') ? 'local-tarball' : 'directory';
  if (/^https?:/.test(resolved)) return /\/-\/[^/]+\.tgz$/.test(resolved) ? 'registry' : 'remote-tarball';
  return 'unknown';
}

/** The purl qualifiers that tell a non-registry origin apart, as the purl spec names them. */
export function purlQualifiers(origin: ComponentOrigin, resolved: string | null | undefined): Record<string, string> {
  if (!resolved) return {};
  if (origin === 'git') return { vcs_url: resolved };
  if (origin === 'remote-tarball') return { download_url: resolved };
  if (origin === 'registry' && /^https?:/.test(resolved) && !DEFAULT_REGISTRY.test(resolved)) {
    return { repository_url: resolved.replace(/\/(@[^/]+\/)?[^/]+\/-\/.*$/, '') };
  }
  return {};
}
