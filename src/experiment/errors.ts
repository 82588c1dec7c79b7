/** Bad usage of the experiment layer (a malformed shard, mismatched shard files): exit code 2, no stack trace. */
export class ExperimentError extends Error {
  override readonly name = 'ExperimentError';
}
