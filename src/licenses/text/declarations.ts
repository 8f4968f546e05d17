// License fields of build files whose markup the word stream loses: a POM's <licenses> (each
// <license><name>, several being a choice — the POM reference: "the user may choose any of them")
// and a nuspec's <license type="expression">.

export interface DeclaredLicenses {
  /** The license names or expressions as written. */
  names: string[];
  /** Several names offer a choice (OR); one expression stands as written. */
  choice: boolean;
  /** 1-based lines of the first and last name. */
  startLine: number;
  endLine: number;
  /** The value is an SPDX expression already (nuspec type="expression"). */
  expression: boolean;
}

const POM_LICENSES = /<licenses>([\s\S]*?)<\/licenses>/g;
const POM_NAME = /<license>[\s\S]*?<name>\s*([^<]*?)\s*<\/name>[\s\S]*?<\/license>/g;
const NUSPEC_EXPRESSION = /<license\s+type\s*=\s*["']expression["']\s*>\s*([^<]+?)\s*<\/license>/g;

export function findDeclaredLicenses(text: string): DeclaredLicenses[] {
  if (!text.includes('<license')) return [];
  const lineAt = (offset: number): number => {
    let line = 1;
    for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
    return line;
  };
  const found: DeclaredLicenses[] = [];
  for (const block of text.matchAll(POM_LICENSES)) {
    const start = block.index + '<licenses>'.length;
    const names = [...block[1]!.matchAll(POM_NAME)].map((entry) => ({ name: entry[1]!, offset: start + entry.index + entry[0].indexOf(entry[1]!) }));
    if (names.length === 0) continue;
    found.push({ names: names.map((entry) => entry.name), choice: names.length > 1, startLine: lineAt(names[0]!.offset), endLine: lineAt(names[names.length - 1]!.offset), expression: false });
  }
  for (const entry of text.matchAll(NUSPEC_EXPRESSION)) {
    const line = lineAt(entry.index);
    found.push({ names: [entry[1]!], choice: false, startLine: line, endLine: line, expression: true });
  }
  return found;
}
