import * as fs from 'node:fs';

/** Why a file was not read; every caller reports these the same way. */
export type Unreadable =
  'missing' | 'permission' | 'loop' | 'special' | 'directory' | 'too-large' | 'outside-root' | 'excluded' | 'error';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: Unreadable; message: string };

/**
 * O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer, should one be
 * swapped in between the stat and the open below. It is 0 where the platform lacks it (Windows,
 * which has no FIFOs in the file system either).
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a file as UTF-8 text only when it is a regular file of at most `maxBytes` bytes. FIFOs,
 * devices and sockets are refused from a stat and never opened (opening a FIFO blocks until a
 * writer comes, reading /dev/zero never ends). The size is checked again with fstat on the opened
 * descriptor, and the read itself stops after `maxBytes + 1` bytes, so a file that is swapped or
 * grows between the checks still cannot make the read unbounded.
 */
export function readGuarded(file: string, maxBytes: number): ReadResult {
  let fd: number | undefined;
  try {
    const st = fs.statSync(file);
    const refused = refuse(st, maxBytes);
    if (refused) return refused;
    fd = fs.openSync(file, OPEN_FLAGS);
    const opened = fs.fstatSync(fd);
    const refusedNow = refuse(opened, maxBytes);
    if (refusedNow) return refusedNow;
    // One byte more than fstat says, to see the end of file in the first read. A file that grows
    // meanwhile (or reports size 0, as /proc files do) gets a larger buffer, never past one byte
    // over the limit: reading that byte means the file is too large.
    let buf = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > maxBytes) return tooLarge(maxBytes);
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2 + 4096, maxBytes + 1));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, text: buf.toString('utf8', 0, length) };
  } catch (e) {
    return fromError(e as NodeJS.ErrnoException);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function refuse(st: fs.Stats, maxBytes: number): ReadResult | undefined {
  if (st.isDirectory()) return { ok: false, reason: 'directory', message: 'is a folder, not a file' };
  if (!st.isFile()) return { ok: false, reason: 'special', message: `is ${kindOf(st)}, not a regular file` };
  if (st.size > maxBytes) return tooLarge(maxBytes);
  return undefined;
}

function tooLarge(maxBytes: number): ReadResult {
  const limit = maxBytes % 1024 ? `${maxBytes} bytes` : `${maxBytes / 1024} KiB`;
  return { ok: false, reason: 'too-large', message: `is larger than ${limit}` };
}

export function kindOf(st: fs.Stats | fs.Dirent): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Maps a failed system call to a reason and a message that says what the user can do about it. */
export function fromError(e: NodeJS.ErrnoException): ReadResult & { ok: false } {
  switch (e.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { ok: false, reason: 'missing', message: 'no such file or folder' };
    case 'EACCES':
    case 'EPERM':
      return { ok: false, reason: 'permission', message: 'permission denied' };
    case 'ELOOP':
      return { ok: false, reason: 'loop', message: 'too many levels of symbolic links (a link loop)' };
    case 'EISDIR':
      return { ok: false, reason: 'directory', message: 'is a folder, not a file' };
    case undefined:
    default:
      return { ok: false, reason: 'error', message: `could not be read (${e.code ?? e.message})` };
  }
}
