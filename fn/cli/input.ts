// Reading input bytes with a size bound, as UTF-8 text (see MAX_INPUT_BYTES and decodeInput).
import * as fs from 'node:fs';
import { decodeInput, MAX_INPUT_BYTES, tooBigError } from '../resourcelist/read';

const CHUNK = 1 << 20;

/**
 * All bytes of a file descriptor (a pipe, a terminal or a file), refusing to read more than `limit`
 * bytes: an endless or huge stream is cut off with an InputError instead of filling the memory.
 */
export function readFdBounded(fd: number, where: string, limit: number = MAX_INPUT_BYTES): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(CHUNK);
    let n: number;
    try {
      n = fs.readSync(fd, buf, 0, CHUNK, null);
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
    chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
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
