import { parentPort, workerData } from 'node:worker_threads';
import type { RunResult } from '../metrics/index.js';
import { parseScenario, Registry } from '../scenario/index.js';
import type { Cell } from './cells.js';
import type { WorkerReply } from './pool.js';
import { runScenario } from './run.js';
import type { WorkerSetup } from './run-cells.js';

/**
 * A worker thread of `runCells`: builds the same registry as the main thread (the built-ins and
 * the modules it was extended with), parses the scenario text once (the same text the main thread
 * parsed and hashed, so every worker runs the same scenario), then runs each cell it is sent.
 */
const setup = workerData as WorkerSetup;
const registry = await Registry.builtins.withModules(setup.modules);
const scenario = parseScenario(setup.text, setup.file, { registry, limits: setup.limits });
parentPort!.on('message', (cell: Cell) => {
  let reply: WorkerReply<RunResult>;
  try {
    const value = runScenario(
      scenario,
      { variant: cell.variant, policy: cell.policy ?? undefined, seed: cell.seed },
      { registry, limits: setup.limits },
    );
    reply = { index: cell.index, ok: true, value };
  } catch (e) {
    reply = {
      index: cell.index,
      ok: false,
      error: e instanceof Error ? e.message : String(e),
      stack: e instanceof Error ? e.stack : undefined,
    };
  }
  parentPort!.postMessage(reply);
});
