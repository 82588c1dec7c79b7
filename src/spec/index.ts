/**
 * What scenarios and node kinds share, below the catalog: the normalized scenario model, units and
 * their schemas, key paths and problems, the resource limits, and the NodeKind interface.
 */
export type * from './model.js';
export * from './kind.js';
export * from './key-path.js';
export * from './problems.js';
export { LIMITS } from './limits.js';
export {
  DSCP,
  DEFAULT_CLASSES,
  DEFAULT_FLOW_CLASS,
  className,
  classSchema,
  classesSchema,
  mergeClasses,
} from './classes.js';
export * as units from './units.js';
/** zod schemas of quantities with units (`time()`, `bitRate()`, `ratio()`, `id()`, ...), for a kind's schema. */
export * as schemas from './unit-schemas.js';
