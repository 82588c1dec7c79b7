/** The histogram lives in the engine so lower layers (traffic: response times) can use it too. */
export { LogHistogram } from '../engine/histogram.js';
