/** The small scenario of the capacity and cluster tests, and the same swept (sweeps, breaking points, workers). */

// A 2 Mbps bottleneck (`wan`) before, 5 Mbps after; web traffic pushed from 60 to 240 packets/s
// of 1200-byte mean packets (0.58, 1.15, 2.3 Mbps offered) beside a 80 kbps voice flow whose p99
// target is 60 ms. Near M/M/1 (p99 sojourn about ln(100)/(mu - lambda), mu = 208/s on 2 Mbps):
// at 60 pps about 33 ms of queueing + 11 ms of propagation (holds), at 120 pps about 55 ms more
// (breaks on latency); on 5 Mbps (mu = 521/s) even 240 pps stays near 17 ms (holds).
export const TINY = `name: tiny-sweep
seed: 1
warmup: 1s
duration: 3s
drain: 1s
classes:
  realtime: { sla: { latency: 60ms, loss: 1% } }
nodes:
  - { id: a, kind: host }
  - { id: r }
  - { id: b, kind: host }
links:
  - { from: a, to: r, rate: 10Mbps, delay: 1ms }
  - { id: wan, from: r, to: b, rate: 2Mbps, delay: 10ms, queue: { discipline: fifo, limit: 50 } }
flows:
  - { id: voice, from: a, to: b, class: realtime, traffic: { model: cbr, interval: 20ms, size: 200B } }
  - { id: web, from: a, to: b, class: business,
      traffic: { model: poisson, rate: 120pps, size: { dist: exponential, mean: 1200B } } }
variants:
  before: {}
  after:
    links:
      - { id: wan, rate: 5Mbps }
`;

/** The same with its load swept: 3 points. */
export const TINY_SWEEP = `${TINY}sweep:
  load:
    at: flows[web].traffic.rate
    values: [60pps, 120pps, 240pps]
`;
