/**
 * What the catalog's kinds tell one another about their nodes, beyond the NodeKind interface
 * (src/spec/kind.ts): where a node is, where it meets Microsoft's edge, which point-to-site
 * tunnels it ends. A kind that plans with others asks these of the declared nodes, whatever their
 * kind, instead of importing every kind that might answer (or reading their fields by name).
 */
import { defineKind, type DeclaredNode, type ExpandContext, type NodeKind, type NodeSpec } from '../../spec/kind.js';
import type { KeyPath } from '../../spec/key-path.js';
import { hasRegion } from '../regions.js';
import { place, type Place, type PlaceSpec } from '../places.js';
import { popOfNode } from './ids.js';

/** Where a node is: at a place (a metro, coordinates), or in an Azure region. */
export type Where = { place: PlaceSpec } | { region: string };

/** A point-to-site VPN gateway: the node that ends the tunnels, and the protocols it accepts (null: unknown). */
export interface P2sGateway {
  node: string;
  protocols: readonly string[] | null;
}

export interface CatalogKind<S extends NodeSpec> extends NodeKind<S> {
  /** Where a node of this kind is, for links planned to it; null: nowhere known. */
  where?(spec: S): Where | null;
  /** The edge POP metro where it meets Microsoft's network (an ExpressRoute peering location). */
  edgePop?(spec: S): string;
  /** The point-to-site gateway the node has; null: none (a hub without `p2s`). */
  p2sGateway?(spec: S): P2sGateway | null;
}

/** The spec a kind's schema outputs: what its build step (build/) receives. */
export type SpecOf<K> = K extends NodeKind<infer S> ? S : never;

/** {@link defineKind} for a catalog kind, its spec type inferred from its schema. */
export function catalogKind<S extends NodeSpec>(kind: CatalogKind<S>): CatalogKind<S> {
  defineKind(kind);
  return kind;
}

/** The kind of a declared node, with the facets catalog kinds may have (every one optional, so any kind is one). */
function facets(d: DeclaredNode): CatalogKind<NodeSpec> {
  return d.kind;
}

export function whereOf(d: DeclaredNode): Where | null {
  return facets(d).where?.(d.spec) ?? null;
}

export function edgePopOf(d: DeclaredNode): string | undefined {
  return facets(d).edgePop?.(d.spec);
}

/** The node's point-to-site gateway; undefined when its kind has none at all (not a VPN gateway). */
export function p2sGatewayOf(d: DeclaredNode): P2sGateway | null | undefined {
  const f = facets(d).p2sGateway;
  return f ? f(d.spec) : undefined;
}

/** A `fits` for `Declarations.unread`: a reference that needs a node of exactly `kind`. */
export const isKind =
  (kind: NodeKind) =>
  (k: NodeKind): boolean =>
    k === kind;

/** Whether nodes of the kind have a place (an unread one may be the node a link is planned to). */
export const hasPlace = (kind: NodeKind): boolean => (kind as CatalogKind<NodeSpec>).where !== undefined;

/** Whether nodes of the kind may end point-to-site tunnels (an unread one may be the users' gateway). */
export const endsTunnels = (kind: NodeKind): boolean => (kind as CatalogKind<NodeSpec>).p2sGateway !== undefined;

/**
 * Where a node is, for planning a link to it: its declared place or region, or the place of a
 * region's or an edge POP's own node (`eastus`, `pop-seattle`). Null when unknown.
 */
export function placeOfNode(ctx: ExpandContext, nodeId: string): Place | null {
  const d = ctx.declared.get(nodeId);
  if (d) {
    const w = whereOf(d);
    if (w === null) return null;
    if ('place' in w) return place(w.place);
    return hasRegion(w.region) ? place(w.region) : null;
  }
  if (hasRegion(nodeId)) return place(nodeId);
  const pop = popOfNode(nodeId);
  return pop !== null ? place(pop) : null;
}

/** {@link placeOfNode}, reporting a problem at `at` when the node has no known place (and is not a refused node). */
export function requirePlace(ctx: ExpandContext, nodeId: string, at: KeyPath): Place | null {
  const p = placeOfNode(ctx, nodeId);
  if (!p && !ctx.declared.unread(nodeId, hasPlace)) {
    ctx.problem(
      `node ${JSON.stringify(nodeId)} has no location: declare it with a kind that has one (site, population, ` +
        'a component with region), or name a region or pop-<metro> node',
      at,
    );
  }
  return p;
}
