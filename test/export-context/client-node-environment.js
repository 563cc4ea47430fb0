'use strict';
// Jest environment exposing the real @kubernetes/client-node to tests.
//
// client-node 1.x is ESM-only. Node >= 20.19 loads it with require(esm), but jest 30's CommonJS module runtime only
// does so on Node >= 24.9 and the jest config (ts-jest, node_modules untransformed) cannot change here. This file is
// loaded by Node itself, so its `require` can load the package; tests then route jest's module registry to it:
//   /** @jest-environment ./test/export-context/client-node-environment.js */
//   jest.mock('@kubernetes/client-node', () => globalThis.__hostClientNode);
// The module lives in the host realm: compare its errors and objects structurally, not with instanceof.
const { TestEnvironment } = require('jest-environment-node');

class ClientNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__hostClientNode = require('@kubernetes/client-node');
  }
}

module.exports = ClientNodeEnvironment;
