#!/bin/sh
# Helm post-renderer: Helm writes the rendered chart on stdin and installs what comes out on stdout.
#   Helm 3:  helm install web ./chart -n demo --post-renderer ./examples/helm/post-render.sh
#   Helm 4:  helm plugin install ./examples/helm     (plugin.yaml, a postrenderer/v1 plugin)
#            helm install web ./chart -n demo --post-renderer inject-fluid-sidecar
# The Fluid context (cluster state, from `inject-fluid-sidecar export-context`) is read from
# $FLUID_CONTEXT, default fluid-context.yaml in the current directory, and never printed: Helm would
# otherwise own, and on uninstall delete, the Datasets, PVs and fuse DaemonSets. Arguments (helm
# --post-renderer-args) go to `render`, e.g. --config fn-config.yaml. On an error nothing is
# printed and the exit status is 1, which fails the helm command.
set -eu
exec "${INJECT_FLUID_SIDECAR:-inject-fluid-sidecar}" render --context "${FLUID_CONTEXT:-fluid-context.yaml}" "$@" -
