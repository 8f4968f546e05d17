// `ini` ships no types and @types/ini is not installed; this is the one function licit uses.
declare module 'ini' {
  const ini: {
    /** npm's own .npmrc parser: bare `true`/`false`/`null` become JSON values, `key[]=` builds arrays. */
    parse(text: string): Record<string, unknown>;
  };
  export default ini;
}
