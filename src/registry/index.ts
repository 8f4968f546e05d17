export { assertCacheDirectory, defaultCacheDir } from './cache-dir.js';
export { createManifestFetcher, DEFAULT_CONCURRENCY, type ManifestFetcher, type ManifestFetcherOptions } from './manifest-fetcher.js';
export { MANIFEST_FIELDS } from './manifest-cache.js';
export {
  DEFAULT_REGISTRY,
  expandEnvironment,
  readNpmConfig,
  registryFor,
  type ConfigValue,
  type Environment,
  type FetchOptions,
  type NpmConfig,
  type NpmConfigSources,
} from './npm-config.js';
