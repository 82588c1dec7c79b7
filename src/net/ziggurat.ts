/**
 * Exponential variates of mean 1 by the ziggurat method (Marsaglia & Tsang, "The Ziggurat Method for
 * Generating Random Variables", J. Stat. Software 5(8), 2000; 256 layers, in the floating-point form
 * of rand_distr's `ziggurat`): one uniform and a table look-up for about 98.9% of draws, instead of
 * a logarithm per draw. Exact in distribution (the layers cover the density exactly; the rare
 * draws outside a layer's inner rectangle are decided against the density itself). Used for the
 * gaps and exponential sizes of all Poisson work (work.ts) and the gaps of packet-level background
 * (background.ts, whose sizes come from its size sampler): first
 * for superposed sources (bench/RESULTS.md, "Background at scale": instructions per arrival 1,176 ->
 * 585 with the rest of that round), then for single sources too (bench/RESULTS.md, "Flagship
 * per-packet cost, round three"), which drew two logarithms per arrival.
 *
 * Layer i spans [0, X[i]) at heights up to F[i] = exp(-X[i]); X[1] = R is where the tail starts and
 * X[0] = V / f(R) is the base layer's virtual width (its rectangle plus the tail beyond R, area V).
 */
const LAYERS = 256;
const R = 7.69711747013105;
const V = 0.003949659822581557;

export const X = new Float64Array(LAYERS + 1);
const F = new Float64Array(LAYERS + 1);
X[0] = V / Math.exp(-R);
X[1] = R;
for (let i = 1; i < LAYERS - 1; i++) X[i + 1] = -Math.log(Math.exp(-X[i]) + V / X[i]);
X[LAYERS] = 0;
for (let i = 0; i <= LAYERS; i++) F[i] = Math.exp(-X[i]);
/** X[i + 1] / X[i]: below it, a point of layer i lies under the density whatever its height. */
export const INNER = new Float64Array(LAYERS);
for (let i = 0; i < LAYERS; i++) INNER[i] = X[i + 1] / X[i];

/** A source of uniforms in [0, 1) (an `Alea` generator). */
interface Uniform {
  double(): number;
}

/**
 * An Exp(1) variate from `u`, uniform in [0, 1) (its top 8 bits choose the layer, the rest the point
 * in it), drawing more uniforms from `g` only in the rare cases that need them. Hot loops inline
 * the common case (`w < INNER[layer]`: `w * X[layer]`) and call {@link expZigguratSlow} for the rest.
 */
export function expZiggurat(u: number, g: Uniform): number {
  const y = u * LAYERS;
  const layer = y | 0;
  const w = y - layer;
  return w < INNER[layer] ? w * X[layer] : expZigguratSlow(layer, w, g);
}

/** The ziggurat past its common case: the tail, a wedge, or a fresh draw. */
export function expZigguratSlow(layer: number, w: number, g: Uniform): number {
  for (;;) {
    const x = w * X[layer];
    if (w < INNER[layer]) return x;
    // The base layer beyond R: the tail, which is R plus an Exp(1) (memoryless).
    if (layer === 0) return R - Math.log(1 - g.double());
    // The wedge between the rectangles: under the density, or draw again.
    if (F[layer + 1] + (F[layer] - F[layer + 1]) * g.double() < Math.exp(-x)) return x;
    const y = g.double() * LAYERS;
    layer = y | 0;
    w = y - layer;
  }
}
