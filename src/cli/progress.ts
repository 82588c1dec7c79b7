import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { CliIO } from './io.js';

/** A run shorter than this shows no bar at all. */
const SHOW_AFTER_MS = 1000;

/**
 * A progress bar on stderr, only when stderr is a terminal and only once the run has taken more
 * than a second (quick runs and pipes stay silent). Returns the callback for Simulation.run and a
 * `stop` that clears the bar.
 */
export function progressBar(io: CliIO, label: string): { onProgress?: (fraction: number) => void; stop: () => void } {
  if (!io.stderr.isTTY) return { stop: () => {} };
  const started = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    onProgress(fraction) {
      if (!bar) {
        if (performance.now() - started < SHOW_AFTER_MS) return;
        bar = new cliProgress.SingleBar(
          {
            stream: io.stderr,
            format: `${label} [{bar}] {percentage}% | {duration_formatted} elapsed, ETA {eta_formatted}`,
            clearOnComplete: true,
            hideCursor: true,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1000, Math.round(fraction * 1000));
      } else bar.update(Math.round(fraction * 1000));
    },
    stop() {
      bar?.stop();
    },
  };
}
