/**
 * Bytes of heap per element of a built run, measured on this code (node --expose-gc, heap used
 * after a full collection, before and after parsing and building scenarios of 10,000 and 20,000
 * elements of one kind; bench/RESULTS.md, "Run estimate"). Rounded up: the estimate must not
 * undercount what a large population holds.
 */
export const MEMORY = {
  /** The process before any scenario: modules, the registry, the catalog. */
  base: 40e6,
  /** A network node with its forwarding table entry and routing topology vertex. */
  node: 1000,
  /** A full-duplex link: two channels with their queues, counters and topology edges. */
  link: 4000,
  /** A directed flow: its recorder (latency histogram, counters), source, route and result. */
  flow: 3500,
  /** One element of the normalized scenario (and of the parsed document), held once per variant. */
  scenarioElement: 500,
} as const;
