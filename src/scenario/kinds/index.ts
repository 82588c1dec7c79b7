/**
 * Node kinds known to scenarios. Each file registers its kinds when imported; add a kind by adding
 * one import here (catalog kinds live beside the catalog data they expand).
 */
import '../core-kinds.js';
import '../../catalog/kinds/vpn.js';
import '../../catalog/kinds/population.js';
import '../../catalog/kinds/places.js';
import '../../catalog/kinds/azure.js';

export {
  registerNodeKind,
  nodeKind,
  nodeKinds,
  nodeKindsVersion,
  type NodeKind,
  type ExpandContext,
  type BuildContext,
} from '../../spec/kind.js';
