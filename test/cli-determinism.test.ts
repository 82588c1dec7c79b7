import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the CLI as a separate process and resolves with its stdout. */
function netsim(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/netsim.js', ...args]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
  });
}

/** The result text with `wall` (the only part allowed to differ) blanked, everything else byte for byte. */
const outsideWall = (json: string): string => json.replace(/"wall": \{\s*"seconds": [0-9.e+-]+\s*\}/, '"wall": {}');

describe('--json output is deterministic outside `wall`', () => {
  it('two processes running the same scenario at the same time print the same bytes', async () => {
    // remote-work exercises every source of randomness: loss, background, poisson-like sizes, elastic jitter.
    const args = ['run', 'scenarios/remote-work.yaml', '--variant', 'after', '--json'];
    const [a, b] = await Promise.all([netsim(...args), netsim(...args)]);
    expect(a).toMatch(/"wall": \{\s*"seconds": /);
    expect(outsideWall(a)).toBe(outsideWall(b));
  });

  it('another seed gives another trajectory', async () => {
    const [a, b] = await Promise.all([
      netsim('run', 'scenarios/priority.yaml', '--json'),
      netsim('run', 'scenarios/priority.yaml', '--json', '--seed', '2'),
    ]);
    expect(JSON.parse(a).simulated.fingerprint).not.toBe(JSON.parse(b).simulated.fingerprint);
    expect(JSON.parse(a).flows.backup.sent).not.toBe(JSON.parse(b).flows.backup.sent);
  });
});
