// A model's declared license -> license ids: Hugging Face identifiers (`llama2`, `gemma`,
// `apache-2.0`), `license: other` with `license_name` / `license_link`, and the same fields in GGUF
// (`general.license`, `general.license.name`, `general.license.link`) and safetensors metadata.
import { createRequire } from 'node:module';
import type { ModelKnowledge } from './knowledge.js';

export interface DeclaredLicense {
  /** `license` values as written (Hugging Face identifiers, SPDX ids, or free text). */
  licenses: string[];
  licenseName: string | null;
  licenseLink: string | null;
}

const spdxLicenseIds = createRequire(import.meta.url)('spdx-license-ids') as string[];
const spdxByLowerCase = new Map(spdxLicenseIds.map((id) => [id.toLowerCase(), id]));
const PLACEHOLDERS = new Set(['other', 'unknown', 'none', 'noassertion', '']);

/** The license ids the declaration names, in order; empty when it names nothing licit knows. */
export function resolveDeclaredLicense(declared: DeclaredLicense, knowledge: ModelKnowledge): string[] {
  const ids: string[] = [];
  for (const value of declared.licenses) {
    const id = resolveLicenseValue(value, knowledge);
    if (id) ids.push(id);
  }
  const named = declared.licenses.every((value) => PLACEHOLDERS.has(value.trim().toLowerCase()));
  if (ids.length === 0 && named) {
    const byName = declared.licenseName ? resolveLicenseValue(declared.licenseName, knowledge) : null;
    const byLink = declared.licenseLink ? resolveLicenseLink(declared.licenseLink, knowledge) : null;
    const id = byName ?? byLink;
    if (id) ids.push(id);
  }
  return [...new Set(ids)];
}

/** One identifier or name: a model license's Hugging Face id or name, Hugging Face's id of an SPDX license, or an SPDX id. */
export function resolveLicenseValue(value: string, knowledge: ModelKnowledge): string | null {
  const key = value.trim().toLowerCase();
  if (PLACEHOLDERS.has(key)) return null;
  return knowledge.licenseByHuggingFaceId.get(key) ?? knowledge.licenseByName.get(key) ?? spdxByLowerCase.get(key) ?? null;
}

export function resolveLicenseLink(link: string, knowledge: ModelKnowledge): string | null {
  return knowledge.licenseLinks.find(({ pattern }) => pattern.test(link))?.license ?? null;
}

/** The raw declaration as one string, for `license.declared`. */
export function declaredText(declared: DeclaredLicense): string | null {
  if (declared.licenses.length === 0 && !declared.licenseName && !declared.licenseLink) return null;
  if (declared.licenses.length === 1 && !declared.licenseName && !declared.licenseLink) return declared.licenses[0]!;
  const out: Record<string, string | string[]> = { license: declared.licenses.length === 1 ? declared.licenses[0]! : declared.licenses };
  if (declared.licenseName) out.license_name = declared.licenseName;
  if (declared.licenseLink) out.license_link = declared.licenseLink;
  return JSON.stringify(out);
}
