// Reading input bytes with a size bound, as UTF-8 text (see MAX_INPUT_BYTES and decodeInput).
import * as fs from 'node:fs';
import { decodeInput, MAX_INPUT_BYTES, tooBigError } from '../resourcelist/read';

const CHUNK = 1 << 20;

/**
 * All bytes of a file descriptor (a pipe, a terminal or a file), refusing to read more than `limit`
 * bytes: an endless or huge stream is cut off with an InputError instead of filling the memory.
 * Read into one buffer that doubles as needed (a pipe hands over 64 KiB at a time; keeping a
 * buffer per read would hold many times the input), sized to the file when it is one.
 */
function readFdBounded(fd: number, where: string, limit: number = MAX_INPUT_BYTES): Buffer {
  let size = 0;
  try {
    const st = fs.fstatSync(fd);
    if (st.isFile()) size = st.size;
  } catch {
    // not a file: grow as it comes
  }
  // One byte more than the limit (or than the file) tells "too big" (or "it grew") apart.
  let buf = Buffer.allocUnsafe(Math.min(Math.max(size + 1, CHUNK), limit + 1));
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      // (never past limit + 1 bytes: reading that many has thrown below)
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    let n: number;
    try {
      n = fs.readSync(fd, buf, total, buf.length - total, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking stdin with nothing to read yet: wait a little, without spinning.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > limit) throw tooBigError(where, undefined);
  }
  return buf.subarray(0, total);
}

/** Standard input as UTF-8 text, at most MAX_INPUT_BYTES. Throws InputError. */
export function readStdinText(where = 'input'): string {
  return decodeInput(readFdBounded(0, where), where);
}

/** A file as UTF-8 text; its size is checked before it is read. Throws InputError. */
export function readFileText(file: string, limit: number = MAX_INPUT_BYTES): string {
  const size = fs.statSync(file).size;
  if (size > limit) throw tooBigError(file, size);
  const fd = fs.openSync(file, 'r');
  try {
    // Read through the descriptor, bounded: the file may grow, or be a FIFO or a device.
    return decodeInput(readFdBounded(fd, file, limit), file);
  } finally {
    fs.closeSync(fd);
  }
}
