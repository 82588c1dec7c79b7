import type { Stats } from 'node:fs';

/**
 * File-system failures in words, one wording for every message that names a file: reading a scenario or a
 * results file (scenario/source.ts), preparing and writing outputs (cli/output.ts), saving runs for `--resume`
 * (experiment/journal.ts; both create files, so {@link createReason}). Never Node's raw "ENOENT: no such file or
 * directory, open '...'", which repeats the path the message already names. It sits in the lowest layer the
 * three share.
 */

const WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'something else is already there',
  EISDIR: 'it is a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'an input/output error',
};

/** Why a file-system call failed, in words: the error's code if known, else its message (bounded). */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code !== undefined && Object.hasOwn(WORDS, code)) return WORDS[code];
  return code ? `error ${code}` : String((e as Error | null)?.message ?? e).slice(0, 200);
}

/**
 * Why a file or directory could not be created, in words: as {@link fsReason}, except ENOENT, which here means the
 * place takes no new entries (under /proc; a directory removed meanwhile), not that an input is missing: "no such
 * file or directory" would name nothing the user gave.
 */
export function createReason(e: unknown): string {
  return (e as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? 'nothing can be created there' : fsReason(e);
}

/** What is at a path, for "X is a directory", "it is a named pipe (FIFO)" (stat or lstat results). */
export function fileKind(s: Stats): string {
  if (s.isFile()) return 'a regular file';
  if (s.isDirectory()) return 'a directory';
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}
