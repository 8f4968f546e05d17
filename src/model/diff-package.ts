import type { Component, DiffPackage } from './types.js';

/** A component as a diff lists it (the PR gate's diff and the Markdown report's package tables). */
export function diffPackage(component: Component): DiffPackage {
  return {
    kind: component.kind,
    ref: component.ref,
    name: component.name,
    version: component.version,
    license: component.license.expression,
    category: component.category,
    scopes: component.scopes,
    direct: component.direct,
  };
}
