import { installBoundedManifestReads } from './bounded-manifest-reads.js';
import { installNamedEdgeIndex } from './named-edge-index.js';

/**
 * Makes arborist fit for trees of any size before it loads one: edges re-resolved through an index
 * instead of a walk of the whole tree per added node, and package.json reads bounded. Idempotent.
 */
export function prepareArborist(): void {
  installNamedEdgeIndex();
  installBoundedManifestReads();
}
