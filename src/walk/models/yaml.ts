// The YAML parser for model-card front matter: the `yaml` package (eemeli/yaml), loaded on first use
// because most projects have no model card and it costs ~50 ms to load.

export type YamlParse = (text: string) => unknown;

let loading: Promise<YamlParse> | undefined;

export function yamlParser(): Promise<YamlParse> {
  loading ??= import('yaml').then(
    // A small alias budget: model cards use none, and aliases are how a hostile document blows up.
    (yaml) => (text: string) => yaml.parse(text, { maxAliasCount: 16, uniqueKeys: false, prettyErrors: true }),
  );
  return loading;
}
