/** netsim's library API: every layer, for programmatic use. */
export * from './engine/index.js';
export * from './net/index.js';
export * from './routing/index.js';
export * from './traffic/index.js';
export * from './metrics/index.js';
