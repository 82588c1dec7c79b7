import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The temporary file an atomic write of `path` goes through: hidden, beside it (a rename within one
 * directory is atomic), named after this process so concurrent shards never share one and a cleanup
 * can tell its own (`.<pid>.tmp`) from another's.
 */
function atomicTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/**
 * Writes `data` (text, or bytes such as a V8 code cache) to `path` atomically: the temporary file, then
 * a rename, so a reader never sees half a file and an interrupted process leaves the old one intact. On
 * failure the temporary file is removed (best effort) and the error is thrown on; the caller words it (a
 * usage error in the CLI, a note in the journal). The directory must exist.
 */
export function writeAtomically(path: string, data: string | Uint8Array): void {
  const tmp = atomicTempPath(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // no directory to leave it in
    }
    throw e;
  }
}
