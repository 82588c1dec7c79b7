/**
 * Node kinds known to scenarios. Each file registers its kinds when imported; add a kind by adding
 * one import here (catalog kinds live beside the catalog data they expand).
 */
import './core.js';
import './catalog-vpn.js';
import './catalog-population.js';
import './catalog-places.js';
import './catalog-azure.js';

export {
  registerNodeKind,
  nodeKind,
  nodeKinds,
  nodeKindsVersion,
  type NodeKind,
  type ExpandContext,
  type BuildContext,
} from '../../spec/kind.js';
