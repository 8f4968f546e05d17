// Core metadata of an installed Python distribution (`*.dist-info/METADATA`, `*.egg-info/PKG-INFO`): an
// RFC 822 header block (https://packaging.python.org/specifications/core-metadata/). Pure.

export interface CoreMetadata {
  name: string | null;
  version: string | null;
  /** PEP 639 `License-Expression`. */
  licenseExpression: string | null;
  /** The legacy free-text `License` field (sometimes a whole license text). */
  license: string | null;
  /** `License ::` trove classifiers. */
  licenseClassifiers: string[];
  /** `License-File` paths (relative to the metadata directory, or its `licenses/` folder). */
  licenseFiles: string[];
  authors: string[];
}

const MEANINGLESS = /^(unknown|none|n\/a|)$/i;

/** Reads the header block (up to the first blank line); folded lines join their field. */
export function parseCoreMetadata(text: string): CoreMetadata {
  const fields: { key: string; value: string }[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && fields.length > 0) {
      // Continuation lines of `License` and `Description` are indented (often with 8 spaces or "|").
      fields[fields.length - 1]!.value += `\n${line.replace(/^[ \t]+\|?/, '')}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push({ key: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  const all = (key: string): string[] => fields.filter((field) => field.key === key).map((field) => field.value.trim()).filter((value) => !MEANINGLESS.test(value));
  const first = (key: string): string | null => all(key)[0] ?? null;
  const people = [...all('author'), ...all('author-email'), ...all('maintainer'), ...all('maintainer-email')].flatMap((value) => value.split(/,\s*/)).filter((value) => value !== '');
  return {
    name: first('name'),
    version: first('version'),
    licenseExpression: first('license-expression'),
    license: first('license'),
    licenseClassifiers: all('classifier').filter((classifier) => classifier.startsWith('License ::')),
    licenseFiles: all('license-file'),
    authors: [...new Set(people)],
  };
}

/** A PEP 503 normalised project name, as purls and indexes spell it. */
export function normalisedName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `pkg:pypi/<name>@<version>`, the package-url type for PyPI. */
export function pypiPurl(name: string, version: string | null): string {
  return `pkg:pypi/${encodeURIComponent(normalisedName(name))}${version ? `@${encodeURIComponent(version)}` : ''}`;
}
