/**
 * Load sampling: samples per re-evaluation interval (the shortest among the policies in use), and
 * the smoothing time constant in intervals. Measured on test/routing-load-aware.test.ts's network
 * over 8 seeds x 60 s with a call near its decision boundary (cross traffic at 80%): with tau = 1
 * interval the call flapped 8-11 times a minute; with 3 intervals, 1-3 times (hysteresis 0.2-0.1).
 *
 * A module of its own so that the run estimate reads them without loading the router (bench/RESULTS.md,
 * "Fast start, round two").
 */
export const SAMPLES_PER_INTERVAL = 20;
export const SMOOTHING_INTERVALS = 3;
