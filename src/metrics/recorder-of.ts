import type { FlowObserver } from '../net/index.js';
import { FlowRecorder } from './flow-recorder.js';
import { SeriesTap } from './timeseries/tap.js';

/** The recorder behind a flow's observer: the observer itself, or the one a time-series tap chains. */
export function recorderOf(observer: FlowObserver): FlowRecorder | null {
  if (observer instanceof FlowRecorder) return observer;
  if (observer instanceof SeriesTap) return observer.recorder;
  return null;
}
