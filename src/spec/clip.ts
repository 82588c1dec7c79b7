/**
 * Messages quote the input back (an unknown id, a wrong value): what they quote is cut, so that a
 * hostile or broken file cannot make a huge message. Used by formatProblem and the CLI.
 */

/** At most this many characters of a value a message quotes. */
const QUOTED = 80;
/** Unquoted words (a key, a file name) and whole lines are cut past these. */
const WORD = 300;
const LINE = 2000;

/**
 * Cuts what a message quotes of the input to about 80 characters, and any very long word or line,
 * saying how long it was: a 1 MB id in a scenario must not make a 1 MB error line.
 */
export function clip(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const cut = line
        .replace(/"(?:[^"\\\n]|\\.)*"/g, (q) =>
          q.length > QUOTED + 2 ? `${q.slice(0, QUOTED - 2)}..." (${q.length - 2} characters)` : q,
        )
        .replace(new RegExp(`[^\\s"]{${WORD + 1},}`, 'g'), (w) => `${w.slice(0, QUOTED)}... (${w.length} characters)`);
      return cut.length > LINE ? `${cut.slice(0, LINE)}... (${cut.length} characters)` : cut;
    })
    .join('\n');
}
