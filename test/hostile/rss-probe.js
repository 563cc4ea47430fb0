// Preloaded (node -r) into the child by the hostile-input tests. When the process exits it reports
// on fd 3, as JSON, its own peak resident set size (KB) and whether Object.prototype (or
// Array.prototype) gained, lost or changed a property while the function ran.
'use strict';
const fs = require('node:fs');
const snapshot = (o) =>
  Object.getOwnPropertyNames(o)
    .sort()
    .map((k) => `${k}:${typeof Object.getOwnPropertyDescriptor(o, k).value}`)
    .join(',');
const before = [snapshot(Object.prototype), snapshot(Array.prototype)];
process.on('exit', () => {
  const after = [snapshot(Object.prototype), snapshot(Array.prototype)];
  const report = {
    maxRssKb: process.resourceUsage().maxRSS,
    prototypeChanged: after[0] !== before[0] || after[1] !== before[1] || Object.getPrototypeOf({}) !== Object.prototype,
  };
  try {
    fs.writeSync(3, JSON.stringify(report));
  } catch {
    // fd 3 not open: not run by the tests
  }
});
