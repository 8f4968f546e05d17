// The YAML parser for model-card front matter: the `yaml` package (eemeli/yaml), loaded on first use.
// Until `yaml` is a dependency of licit, js-yaml is used when it happens to be installed (it comes with
// ESLint in development); with neither, front matter cannot be read and the walker says so.

export type YamlParse = (text: string) => unknown;

interface YamlModule {
  parse(text: string, options: { maxAliasCount: number; uniqueKeys: boolean; prettyErrors: boolean }): unknown;
}

interface JsYamlModule {
  load(text: string, options: { json: boolean }): unknown;
}

let loading: Promise<YamlParse | null> | undefined;

/** The YAML parser, or null when no YAML library is installed. */
export function yamlParser(): Promise<YamlParse | null> {
  loading ??= loadParser();
  return loading;
}

async function loadParser(): Promise<YamlParse | null> {
  const yaml = await importOptional<YamlModule>('yaml');
  // A small alias budget: model cards use none, and aliases are how a hostile document blows up.
  if (yaml) return (text) => yaml.parse(text, { maxAliasCount: 16, uniqueKeys: false, prettyErrors: true });
  const jsYaml = await importOptional<JsYamlModule>('js-yaml');
  if (jsYaml) return (text) => jsYaml.load(text, { json: true });
  return null;
}

async function importOptional<T>(specifier: string): Promise<T | null> {
  try {
    const module = (await import(specifier)) as T & { default?: T };
    return module.default ?? module;
  } catch {
    return null;
  }
}
