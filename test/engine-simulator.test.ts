import { describe, expect, it } from 'vitest';
import { Simulator, Timer } from '../src/engine/index.js';

/** Records `label@time` for every fired event, so tests compare whole trajectories. */
function tracer(sim: Simulator) {
  const log: string[] = [];
  const fire = (label: string): void => {
    log.push(`${label}@${sim.now}`);
  };
  return { log, fire };
}

describe('Simulator: event order', () => {
  it('fires in time order, and equal times in scheduling order', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    sim.at(2, fire, 'c');
    sim.at(1, fire, 'a');
    // Many events at the same time: the heap is not stable, (time, seq) must make it so.
    for (let i = 0; i < 50; i++) sim.at(1.5, fire, `s${i}`);
    sim.at(1, fire, 'b');
    sim.run();
    expect(log).toEqual(['a@1', 'b@1', ...Array.from({ length: 50 }, (_, i) => `s${i}@1.5`), 'c@2']);
    expect(sim.events).toBe(53);
    expect(sim.pending).toBe(0);
  });

  it('an event scheduled by a handler at the current time runs after the ones already due', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    sim.at(1, () => {
      fire('first');
      sim.schedule(0, fire, 'child');
    });
    sim.at(1, fire, 'second');
    sim.run();
    expect(log).toEqual(['first@1', 'second@1', 'child@1']);
  });

  it('passes data to the handler without a closure per event', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const handler = (n: number): void => {
      seen.push(n);
    };
    for (let i = 0; i < 5; i++) sim.schedule(5 - i, handler, i);
    sim.run();
    expect(seen).toEqual([4, 3, 2, 1, 0]);
  });

  it('pending excludes the event being handled', () => {
    const sim = new Simulator();
    const pendings: number[] = [];
    sim.at(1, () => pendings.push(sim.pending));
    sim.at(2, () => {});
    sim.run();
    expect(pendings).toEqual([1]);
  });
});

describe('Simulator: cancel', () => {
  it('a cancelled pending event does not fire and is not counted', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    sim.at(1, fire, 'a');
    const id = sim.at(2, fire, 'b');
    sim.at(3, fire, 'c');
    sim.cancel(id);
    sim.run();
    expect(log).toEqual(['a@1', 'c@3']);
    expect(sim.events).toBe(2);
  });

  it('cancelling twice is a no-op', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    const id = sim.at(1, fire, 'a');
    sim.at(1, fire, 'b');
    sim.cancel(id);
    sim.cancel(id);
    sim.run();
    expect(log).toEqual(['b@1']);
  });

  it('cancelling an event that already fired changes nothing later', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    const id = sim.at(1, fire, 'a');
    sim.run(1);
    sim.cancel(id);
    sim.at(2, fire, 'b');
    sim.at(3, fire, 'c');
    sim.run();
    expect(log).toEqual(['a@1', 'b@2', 'c@3']);
    expect(sim.events).toBe(3);
  });

  it('a handler can cancel an event due at the same time', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    let victim = -1;
    sim.at(1, () => {
      fire('killer');
      sim.cancel(victim);
    });
    victim = sim.at(1, fire, 'victim');
    sim.run();
    expect(log).toEqual(['killer@1']);
  });

  it('ignores ids that were never issued', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    sim.cancel(-1);
    sim.cancel(99);
    sim.at(1, fire, 'a');
    sim.run();
    expect(log).toEqual(['a@1']);
  });
});

describe('Timer', () => {
  it('fires once at its deadline, then is disarmed', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    const t = new Timer<string>(sim, fire);
    expect(t.armed).toBe(false);
    expect(t.deadline).toBe(-1);
    t.set(2, 'x');
    expect(t.armed).toBe(true);
    expect(t.deadline).toBe(2);
    sim.run();
    expect(log).toEqual(['x@2']);
    expect(t.armed).toBe(false);
    expect(t.deadline).toBe(-1);
  });

  it('re-arming replaces the pending expiry', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    const t = new Timer<string>(sim, fire);
    t.set(5, 'old');
    sim.at(1, () => t.set(2, 'new')); // now due at 3, not 5
    sim.run();
    expect(log).toEqual(['new@3']);
  });

  it('cancel stops it; cancel when idle is harmless', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    const t = new Timer<string>(sim, fire);
    t.cancel();
    t.set(1, 'a');
    t.cancel();
    expect(t.armed).toBe(false);
    sim.run();
    expect(log).toEqual([]);
  });

  it('can re-arm itself from its handler (a periodic tick)', () => {
    const sim = new Simulator();
    const ticks: number[] = [];
    const t: Timer = new Timer(sim, () => {
      ticks.push(sim.now);
      if (ticks.length < 4) t.set(0.5);
    });
    t.set(0.5);
    sim.run();
    expect(ticks).toEqual([0.5, 1, 1.5, 2]);
  });
});

describe('Simulator: run(until) boundary semantics', () => {
  it('runs events at `until`, including ones scheduled at `until` by handlers; not later ones', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    sim.at(5, () => {
      fire('at5');
      sim.schedule(0, fire, 'child-at5');
      sim.schedule(1e-9, fire, 'child-later');
    });
    sim.at(5 + 1e-12, fire, 'just-after');
    sim.run(5);
    expect(log).toEqual(['at5@5', 'child-at5@5']);
    expect(sim.now).toBe(5);
    expect(sim.pending).toBe(2);
  });

  it('ends with the clock at `until`, even when the queue empties earlier', () => {
    const sim = new Simulator();
    sim.at(1, () => {});
    sim.run(10);
    expect(sim.now).toBe(10);
    // Scheduling now is relative to the new clock.
    const times: number[] = [];
    sim.schedule(1, () => times.push(sim.now));
    sim.run(20);
    expect(times).toEqual([11]);
    expect(sim.now).toBe(20);
  });

  it('run() with no bound leaves the clock at the last event', () => {
    const sim = new Simulator();
    sim.at(3, () => {});
    sim.run();
    expect(sim.now).toBe(3);
  });

  it('run(a) then run(b) processes exactly what run(b) does (same trajectory and fingerprint)', () => {
    const build = () => {
      const sim = new Simulator();
      const { log, fire } = tracer(sim);
      // A self-rescheduling process with a period that does not divide the cut points.
      const tick = (n: number): void => {
        fire(`t${n}`);
        if (n < 40) sim.schedule(0.3, tick, n + 1);
      };
      sim.at(0, tick, 0);
      sim.at(4, fire, 'at-cut'); // exactly at the first cut
      return { sim, log };
    };
    const whole = build();
    whole.sim.run(10);
    const split = build();
    split.sim.run(4);
    expect(split.sim.now).toBe(4);
    split.sim.run(4); // a zero-length run changes nothing
    split.sim.run(10);
    expect(split.log).toEqual(whole.log);
    expect(split.sim.events).toBe(whole.sim.events);
    expect(split.sim.fingerprint).toBe(whole.sim.fingerprint);
    expect(split.sim.now).toBe(whole.sim.now);
  });

  it('refuses to run backwards', () => {
    const sim = new Simulator();
    sim.run(5);
    expect(() => sim.run(4)).toThrow(RangeError);
  });
});

describe('Simulator: stop', () => {
  it('stops after the current handler, keeps the clock there, and a later run resumes', () => {
    const sim = new Simulator();
    const { log, fire } = tracer(sim);
    sim.at(1, fire, 'a');
    sim.at(2, () => {
      fire('stopper');
      sim.stop();
    });
    sim.at(2, fire, 'same-time');
    sim.at(3, fire, 'c');
    sim.run(10);
    expect(log).toEqual(['a@1', 'stopper@2']);
    expect(sim.now).toBe(2);
    sim.run(10);
    expect(log).toEqual(['a@1', 'stopper@2', 'same-time@2', 'c@3']);
    expect(sim.now).toBe(10);
  });
});

describe('Simulator: scheduling into the past', () => {
  it('throws for a negative or NaN delay and for an absolute time before now', () => {
    const sim = new Simulator();
    sim.run(5);
    expect(() => sim.schedule(-1e-9, () => {})).toThrow(RangeError);
    expect(() => sim.schedule(NaN, () => {})).toThrow(RangeError);
    expect(() => sim.at(4.999, () => {})).toThrow(RangeError);
    expect(() => sim.at(5, () => {})).not.toThrow();
    expect(() => sim.schedule(0, () => {})).not.toThrow();
  });

  it('throws from inside a handler too', () => {
    const sim = new Simulator();
    sim.at(2, () => sim.at(1, () => {}));
    expect(() => sim.run()).toThrow(RangeError);
  });
});

describe('Simulator: fingerprint', () => {
  /** A small randomish workload driven by a deterministic sequence (no RNG needed). */
  const workload = (shift: number) => {
    const sim = new Simulator();
    let x = 12345;
    const step = (n: number): void => {
      x = (x * 1103515245 + 12345) % 2147483648;
      if (n < 200) sim.schedule((x % 1000) / 1000 + shift, step, n + 1);
      if (n % 7 === 0) sim.schedule(0.25, () => {});
    };
    sim.at(0, step, 0);
    sim.run();
    return sim;
  };

  it('is equal for equal runs', () => {
    const a = workload(0);
    const b = workload(0);
    expect(a.events).toBe(b.events);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differs when any event time differs, even by one ulp', () => {
    const a = workload(0);
    const b = workload(Number.EPSILON);
    expect(b.events).toBe(a.events);
    expect(b.fingerprint).not.toBe(a.fingerprint);
  });

  it('hashes the (time, seq) sequence: moving one event or adding one changes it', () => {
    const run = (times: number[]) => {
      const sim = new Simulator();
      for (const t of times) sim.at(t, () => {});
      sim.run();
      return sim.fingerprint;
    };
    const base = run([1, 2, 2, 3]);
    expect(run([1, 2, 2, 3])).toBe(base);
    expect(run([1, 2, 2.5, 3])).not.toBe(base);
    expect(run([1, 2, 2, 3, 3])).not.toBe(base);
    // Same times scheduled in another order: the k-th processed event has another seq.
    expect(run([3, 2, 2, 1])).not.toBe(base);
  });

  it('an empty run has the initial fingerprint, one event changes it', () => {
    const a = new Simulator();
    const b = new Simulator();
    b.at(0, () => {});
    b.run();
    a.run();
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
