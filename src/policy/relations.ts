// Licenses whose ids differ but whose terms do not (rules/license-relations.json), read once.
import { readFileSync } from 'node:fs';
import { licitFileUrl } from '../model/package-root.js';

export type RelationKind = 'near-variant' | 'same-family';

interface RelationsFile {
  groups: { kind: RelationKind; licenses: string[] }[];
}

let pairs: Map<string, RelationKind> | undefined;

function relations(): Map<string, RelationKind> {
  if (pairs) return pairs;
  const file = JSON.parse(readFileSync(licitFileUrl('rules/license-relations.json'), 'utf8')) as RelationsFile;
  pairs = new Map();
  for (const { kind, licenses } of file.groups) {
    for (const a of licenses) for (const b of licenses) if (a !== b) pairs.set(`${a}\n${b}`, kind);
  }
  return pairs;
}

/** How two license ids are related, or null when they are not (an id is not related to itself). */
export function relationOf(a: string, b: string): RelationKind | null {
  return relations().get(`${a}\n${b}`) ?? null;
}
