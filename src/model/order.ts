// The orders behind licit's deterministic output: every list a report, SBOM or finding set holds is
// sorted with these, so that the same tree gives byte-identical output on any machine.

/** Code-unit order of two strings: independent of the machine's locale (never localeCompare). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Like compareText, with an absent value (null, undefined) ordered as the empty string: first. */
export function compareOptionalText(a: string | null | undefined, b: string | null | undefined): number {
  return compareText(a ?? '', b ?? '');
}

/** An order on items by one text key (`list.sort(byText((item) => item.name))`). */
export function byText<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareText(key(a), key(b));
}

/** Entries of a Map or Object.entries by key. */
export function byKey<V>(a: readonly [string, V], b: readonly [string, V]): number {
  return compareText(a[0], b[0]);
}

/** Components (and anything named like one) by kind, name and version: the order of a report's `packages`. */
export function compareComponents(a: { kind: string; name: string; version: string | null }, b: { kind: string; name: string; version: string | null }): number {
  return compareText(a.kind, b.kind) || compareText(a.name, b.name) || compareOptionalText(a.version, b.version);
}

/** Tree problems by package, rule, code, path and arguments. */
export function compareProblems(
  a: { package: string | null; rule: string; code: string; path?: string; args: unknown },
  b: { package: string | null; rule: string; code: string; path?: string; args: unknown },
): number {
  return (
    compareOptionalText(a.package, b.package) ||
    compareText(a.rule, b.rule) ||
    compareText(a.code, b.code) ||
    compareOptionalText(a.path, b.path) ||
    compareText(JSON.stringify(a.args), JSON.stringify(b.args))
  );
}
