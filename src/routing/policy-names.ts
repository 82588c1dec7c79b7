/**
 * The built-in routing policies' names, in the order they are listed (docs/routing.md). They live
 * apart from the factories (factories.ts, which must give each exactly these keys) so that the CLI's
 * help can name them without loading the policies (docs/architecture.md, "Fast start").
 */
export const BUILTIN_POLICY_NAMES = ['shortest', 'class-aware', 'ecmp', 'load-aware'] as const;

export type BuiltinPolicyName = (typeof BUILTIN_POLICY_NAMES)[number];
