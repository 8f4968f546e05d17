import type { Component, Scope } from '../model/index.js';
import { compareText } from '../model/order.js';

/** Components in a fixed order (kind, name, version, ref), whatever order they came in. */
export function sortedComponents(components: readonly Component[]): Component[] {
  return [...components].sort(
    (a, b) =>
      compareText(a.kind, b.kind) ||
      compareText(a.name, b.name) ||
      compareText(a.version ?? '', b.version ?? '') ||
      compareText(a.ref, b.ref),
  );
}

/** Sorted, deduplicated refs of `refs` that name something in the document. */
export function knownRefs(refs: readonly string[], known: ReadonlySet<string>): string[] {
  return [...new Set(refs)].filter((ref) => known.has(ref)).sort(compareText);
}

export type ScopeRole = 'required' | 'optional' | 'dev';

/**
 * How a production install sees the component: needed (prod or peer), optional (reached only through
 * optional edges, possibly also dev), or dev-only. Null when the walk recorded no scope.
 */
export function scopeRole(scopes: readonly Scope[]): ScopeRole | null {
  if (scopes.length === 0) return null;
  if (scopes.includes('prod') || scopes.includes('peer')) return 'required';
  if (scopes.includes('optional')) return 'optional';
  return 'dev';
}

/** A URL an SBOM may carry: absolute, parseable, no whitespace or quotes. */
export function usableUrl(value: string | null | undefined, schemes: readonly string[]): string | null {
  if (!value || /[\s"<>\\^`{|}]/.test(value) || !URL.canParse(value)) return null;
  return schemes.includes(new URL(value).protocol) ? value : null;
}

/** The root's edges: its dependencies, and every model and dataset the project itself names. */
export function rootDependsOn(rootRefs: readonly string[], components: readonly Component[], known: ReadonlySet<string>): string[] {
  return knownRefs([...rootRefs, ...components.filter((component) => component.kind !== 'npm' && component.direct).map((component) => component.ref)], known);
}

/** A model's or dataset's bom-ref: its ref, prefixed with its kind when the ref is the bare display name (which an npm package may share). */
export function bomRefOf(component: Component): string {
  if (component.kind === 'npm' || component.ref !== component.name) return component.ref;
  return `${component.kind}:${component.ref}`;
}
