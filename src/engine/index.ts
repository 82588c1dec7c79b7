export { Simulator, type Handler, type EventId } from './simulator.js';
export { Timer } from './timer.js';
export { LogHistogram } from './histogram.js';
export { RandomStreams, Alea, type Rng } from './random.js';
export * from './distributions.js';
