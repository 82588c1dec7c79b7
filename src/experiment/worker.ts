import { parentPort, workerData } from 'node:worker_threads';
import type { RunResult } from '../metrics/index.js';
import { Registry } from '../scenario/index.js';
import type { Cell } from './cells.js';
import { PointScenarios } from './points.js';
import type { WorkerReply } from './pool.js';
import { runCell, type WorkerSetup } from './run-cells.js';

/**
 * A worker thread of `runCells`: builds the same registry as the main thread (the built-ins and
 * the modules it was extended with), and compiles each sweep point of the scenario text the first
 * time one of its cells is sent (the same text, sweeps and sets the main thread planned and hashed,
 * so every worker runs the same scenarios), then runs each cell it is sent.
 */
const setup = workerData as WorkerSetup;
const registry = await Registry.builtins.withModules(setup.modules);
const points = new PointScenarios(setup.source, registry, new Map(), setup.limits);
parentPort!.on('message', (cell: Cell) => {
  let reply: WorkerReply<RunResult>;
  try {
    reply = { index: cell.index, ok: true, value: runCell(points, cell, registry, setup.limits) };
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
