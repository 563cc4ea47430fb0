// How often the YAML fast paths handed work to the yaml library, for the benchmark (#18): a
// decline is never wrong, but each one costs a library parse, so a style that declines often is
// a style that is slow. Counted per process; with INJECT_FLUID_SIDECAR_STATS set in the
// environment, the counts are written to stderr as one JSON line when the process exits.
import { writeSync } from 'node:fs';

export interface FastPathStats {
  /** block mappings the scanner was asked for (items read, position scans, read-backs) */
  scans: number;
  /** ... of which it declined (the caller then used the library, or its own fallback) */
  scanDeclines: number;
  /** one-line flow collections the scanner's own flow reader left to the library */
  flowToLibrary: number;
  /** items read by the library alone because the scanner declined them */
  itemsByLibrary: number;
  /** inputs read as one whole document (the item-by-item reader declined) */
  wholeDocumentReads: number;
  /** changed items the writer could not patch (written by its sync, fresh or fresh-quoted candidate) */
  itemsNotPatched: number;
}

export const fastPathStats: FastPathStats = {
  scans: 0,
  scanDeclines: 0,
  flowToLibrary: 0,
  itemsByLibrary: 0,
  wholeDocumentReads: 0,
  itemsNotPatched: 0,
};

/** The environment variable that turns the dump on. */
export const STATS_ENV = 'INJECT_FLUID_SIDECAR_STATS';

if (process.env[STATS_ENV]) {
  process.once('exit', () => {
    try {
      writeSync(2, `fast-path-stats ${JSON.stringify(fastPathStats)}\n`);
    } catch {
      // a closed stderr: nothing to report to
    }
  });
}
