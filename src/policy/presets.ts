// The policy presets in rules/policies/, read once per process (licit's own data, like knowledge.ts).
import { readFileSync } from 'node:fs';
import type { RuleId } from '../model/index.js';
import type { Distribution, PresetName, RuleSeverity } from './policy.js';
import { licitFileUrl } from '../model/package-root.js';

/** A preset as stored: lists as written (categories or license ids), checked by rules/schema/policy-preset.schema.json. */
export interface PresetFile {
  name: PresetName;
  description: string;
  context: { distribution: Distribution };
  allow: string[];
  deny: string[];
  rules: Partial<Record<RuleId, RuleSeverity>>;
  includeDev: boolean;
}

const cache = new Map<PresetName, PresetFile>();

export function readPreset(name: PresetName): PresetFile {
  let preset = cache.get(name);
  if (!preset) {
    preset = JSON.parse(readFileSync(licitFileUrl(`rules/policies/${name}.json`), 'utf8')) as PresetFile;
    cache.set(name, preset);
  }
  return preset;
}
