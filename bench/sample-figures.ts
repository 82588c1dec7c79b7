/**
 * The figures of a population's first k users (hosts `<population>-1` ... `<population>-k`), per class, from a
 * run's result: each flow's p50/p95/p99 averaged over the flows with packets, and the loss over them. A hybrid run
 * with `packetUsers: k` at one place simulates exactly these users by packets, and the full run has the very same
 * users, flows and random streams, so the two runs' figures differ only by how the other users load the shared
 * links: a paired comparison, free of the sampling error between a sample and the whole population. The
 * percentiles are averaged per flow because a result holds no per-packet record to pool them.
 */
export type SampleRun = {
  flows: Record<string, { class: string; received: number; lost: number; latencyMs: Record<string, number | null> }>;
};

export type SampleFigures = Record<string, { p50: number; p95: number; p99: number; loss: number; flows: number }>;

export function sampleFigures(r: SampleRun, k: number, population = 'city'): SampleFigures {
  const host = new RegExp(`^${population}-(\\d+)\\.`);
  const sums: Record<string, { n: number; p50: number; p95: number; p99: number; received: number; lost: number }> = {};
  for (const [id, f] of Object.entries(r.flows)) {
    const user = Number(host.exec(id)?.[1]);
    if (!(user <= k) || f.received === 0) continue;
    const c = (sums[f.class] ??= { n: 0, p50: 0, p95: 0, p99: 0, received: 0, lost: 0 });
    c.n++;
    c.p50 += f.latencyMs.p50!;
    c.p95 += f.latencyMs.p95!;
    c.p99 += f.latencyMs.p99!;
    c.received += f.received;
    c.lost += f.lost;
  }
  const out: SampleFigures = {};
  for (const [cls, c] of Object.entries(sums))
    out[cls] = {
      p50: c.p50 / c.n,
      p95: c.p95 / c.n,
      p99: c.p99 / c.n,
      loss: c.lost / (c.lost + c.received),
      flows: c.n,
    };
  return out;
}
