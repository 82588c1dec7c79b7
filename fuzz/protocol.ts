import type { Failure } from './oracle.js';

/** What the parent sends a worker: one case, its files already rendered. */
export interface WorkerTask {
  id: number;
  /** [name, text] written into the case directory. */
  files: [string, string][];
  /** The scenario's file name (what `@file` stands for). */
  file: string;
  argv: string[];
  /** Flow and link ids the scenario declares (each must be in a run's result). */
  declared: { flows: string[]; links: string[] } | null;
}

export type WorkerReply =
  | { type: 'ready'; home: string }
  | {
      type: 'done';
      id: number;
      code: number;
      stdout: string;
      stderr: string;
      stdoutBytes: number;
      stderrBytes: number;
      ms: number;
      cpuMs: number;
      failures: Failure[];
      digest: string;
    }
  | { type: 'error'; id: number; message: string };
