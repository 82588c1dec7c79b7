import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { CliIO } from './io.js';

/** Work shorter than this shows no bar at all. */
const SHOW_AFTER_MS = 1000;

/** A progress bar: `update(done, total)` as work advances, `stop()` when it ends (clears the bar). */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * The one progress bar of the CLI, on stderr: only when stderr is a terminal (never in logs or
 * pipes) and only once the work has taken more than a second. It shows `done/total` in `unit` (or a
 * percentage without a unit), the elapsed time and the time left at the mean rate so far (runs of
 * one matrix, and slices of one run, take similar times).
 */
export function progressBar(io: CliIO, label: string, unit?: string): Progress {
  if (!io.stderr.isTTY) return { update() {}, stop() {} };
  const started = performance.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total) {
      const ms = performance.now() - started;
      if (!bar) {
        if (ms < SHOW_AFTER_MS) return;
        const amount = unit === undefined ? '{percentage}%' : `{value}/{total} ${unit}`;
        bar = new cliProgress.SingleBar(
          {
            stream: io.stderr,
            format: `${label} [{bar}] ${amount} | {elapsed} elapsed, {left} left`,
            clearOnComplete: true,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { elapsed: '—', left: '—' });
      }
      const left = done > 0 ? ((total - done) * ms) / done / 1000 : NaN;
      bar.setTotal(total);
      bar.update(done, { elapsed: duration(ms / 1000), left: Number.isFinite(left) ? duration(left) : '—' });
    },
    stop() {
      bar?.stop();
    },
  };
}

/** `42s`, `3m07s`. */
function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
