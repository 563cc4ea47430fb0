#!/usr/bin/env node
'use strict';
// The program behind bin/inject-juicefs-sidecar (kpt `--exec`, kustomize `exec.path`, the command
// line): the same program as inject-fluid-sidecar, running the JuiceFS function unless the function
// config is an InjectFluidSidecar.
require('./inject-fluid-sidecar.js').run('inject-juicefs-sidecar');
