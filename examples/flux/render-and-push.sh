#!/usr/bin/env bash
# Pre-renders a directory of manifests with Fluid's FUSE sidecar and publishes the result as an OCI
# artifact for Flux. Flux's kustomize-controller runs no KRM functions (no plugins, no exec), so
# the sidecar must be rendered in CI, before Flux sees the manifests.
#
# Usage: render-and-push.sh [MANIFEST_DIR]
#
#   MANIFEST_DIR          directory (or file) to render; default "deploy". Every YAML file in it is
#                         read, the Fluid context (local-config objects) included.
# Environment:
#   FN_CONFIG             function config file (InjectFluidSidecar or ConfigMap); default: none
#   OUT_DIR               directory for the rendered manifests.yaml; default "rendered"
#   REGISTRY              OCI repository prefix, e.g. ghcr.io/my-org (required to push)
#   APP                   artifact name; default: the base name of MANIFEST_DIR
#   SOURCE, REVISION      provenance recorded by flux push; default: the git remote URL and
#                         <branch>@sha1:<commit>
#   EXTRA_TAG             also tag the pushed artifact with this tag (e.g. latest)
#   DRY_RUN=1             render, print the push command, do not push
#   INJECT_FLUID_SIDECAR  the function's executable; default: inject-fluid-sidecar on the PATH
set -euo pipefail

manifests="${1:-${MANIFEST_DIR:-deploy}}"
out_dir="${OUT_DIR:-rendered}"
app="${APP:-$(basename "$(cd "$manifests" && pwd)")}"
fn="${INJECT_FLUID_SIDECAR:-inject-fluid-sidecar}"

# Flux applies every object of the artifact and does not honour config.kubernetes.io/local-config:
# leave out the Fluid context (cluster state owned by Fluid) and any function config.
drop_local_config() {
  awk '
    function flush() {
      if (doc != "" && !local) { if (n++) printf "---\n"; printf "%s", doc }
      doc = ""; local = 0
    }
    /^---([ \t].*)?$/ { flush(); next }
    /^[ \t]+config\.kubernetes\.io\/local-config:[ \t]*[^ \t]?true/ { local = 1 }
    { doc = doc $0 "\n" }
    END { flush() }
  '
}

mkdir -p "$out_dir"
tmp="$(mktemp "$out_dir/.manifests.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# render prints nothing on stdout and exits 1 on any error result; pipefail stops the script there.
"$fn" render ${FN_CONFIG:+--config "$FN_CONFIG"} "$manifests" | drop_local_config > "$tmp"
mv "$tmp" "$out_dir/manifests.yaml"
echo "rendered $manifests into $out_dir/manifests.yaml" >&2

tag="$(git rev-parse --short HEAD)"
source_url="${SOURCE:-$(git config --get remote.origin.url || echo "file://$(git rev-parse --show-toplevel)")}"
revision="${REVISION:-$(git rev-parse --abbrev-ref HEAD)@sha1:$(git rev-parse HEAD)}"
push=(flux push artifact "oci://${REGISTRY:-REGISTRY}/${app}:${tag}" -f "$out_dir" --source="$source_url" --revision="$revision")

if [[ "${DRY_RUN:-0}" == 1 ]]; then
  echo "DRY_RUN=1: not pushing. Would run: ${push[*]}" >&2
  exit 0
fi
if ! command -v flux >/dev/null 2>&1; then
  echo "flux CLI not found on the PATH: skipping the push (rendered manifests are in $out_dir). Would run: ${push[*]}" >&2
  exit 0
fi
: "${REGISTRY:?REGISTRY must be set to push (e.g. ghcr.io/my-org), or use DRY_RUN=1}"
"${push[@]}"
if [[ -n "${EXTRA_TAG:-}" ]]; then
  flux tag artifact "oci://${REGISTRY}/${app}:${tag}" --tag "$EXTRA_TAG"
fi
