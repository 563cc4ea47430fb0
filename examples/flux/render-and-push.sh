#!/usr/bin/env bash
# Pre-renders a directory of manifests with Fluid's FUSE sidecar and publishes the result as an OCI
# artifact for Flux. Flux's kustomize-controller runs no KRM functions (no plugins, no exec), so
# the sidecar must be rendered in CI, before Flux sees the manifests.
#
# Usage: render-and-push.sh [MANIFEST_DIR]
#
#   MANIFEST_DIR          directory (or file) to render; default "deploy". Every manifest in it is
#                         read, the Fluid context (local-config objects) included; `render` leaves
#                         the local-config objects out of what it prints, as Flux would apply them.
# Environment:
#   REGISTRY              OCI repository prefix, e.g. ghcr.io/my-org. Set: the script pushes, and
#                         fails when it cannot (no flux CLI). Unset: it only renders.
#   FN_CONFIG             function config file (InjectFluidSidecar or ConfigMap); default: none
#   OUT_DIR               directory for the rendered manifests.yaml; default "rendered" (outside
#                         MANIFEST_DIR; this repository's .gitignore and .krmignore list it)
#   APP                   artifact name; default: the base name of MANIFEST_DIR
#   SOURCE, REVISION      provenance recorded by flux push; default: the git remote URL and
#                         <branch>@sha1:<commit>
#   EXTRA_TAG             also tag the pushed artifact with this tag (e.g. latest)
#   DRY_RUN=1             render, print the push command, do not push
#   INJECT_FLUID_SIDECAR  the function's executable; default: inject-fluid-sidecar on the PATH
#                         (npm install -g inject-fluid-sidecar), else this clone's bin/
set -euo pipefail

die() {
  echo "render-and-push: $*" >&2
  exit 1
}

manifests="${1:-${MANIFEST_DIR:-deploy}}"
out_dir="${OUT_DIR:-rendered}"
[[ -e "$manifests" ]] || die "$manifests: no such file or directory"
if [[ -d "$manifests" ]]; then
  default_app="$(basename "$(cd "$manifests" && pwd)")"
else
  default_app="$(basename "$manifests")"
  default_app="${default_app%.*}"
fi
app="${APP:-$default_app}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -n "${INJECT_FLUID_SIDECAR:-}" ]]; then
  fn="$INJECT_FLUID_SIDECAR"
elif command -v inject-fluid-sidecar >/dev/null 2>&1; then
  fn=inject-fluid-sidecar
elif [[ -x "$here/../../bin/inject-fluid-sidecar" ]]; then
  fn="$here/../../bin/inject-fluid-sidecar" # run from a clone of the function's repository
else
  die "inject-fluid-sidecar not found: npm install -g inject-fluid-sidecar, or set INJECT_FLUID_SIDECAR to its path"
fi

dry_run="${DRY_RUN:-0}"
# Decide before rendering whether the push can happen: a CI job that was asked to publish must not
# go green without publishing.
if [[ "$dry_run" != 1 && -n "${REGISTRY:-}" ]] && ! command -v flux >/dev/null 2>&1; then
  die "REGISTRY is set but the flux CLI is not on the PATH: install it (fluxcd/flux2/action), or use DRY_RUN=1"
fi

# A previous render inside the manifests would be read again (every object twice).
mkdir -p "$out_dir"
out_abs="$(cd "$out_dir" && pwd)"
if [[ -d "$manifests" ]]; then
  in_abs="$(cd "$manifests" && pwd)"
  case "$out_abs/" in "$in_abs"/*) die "OUT_DIR $out_dir is inside $manifests: choose a directory outside it" ;; esac
fi

tmp="$(mktemp "$out_dir/.manifests.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
# render prints nothing on stdout and exits 1 on any error result: set -e stops the script here.
"$fn" render ${FN_CONFIG:+--config "$FN_CONFIG"} "$manifests" >"$tmp"
chmod 0644 "$tmp" # mktemp creates 0600; the artifact is read by others (CI upload, flux push)
mv "$tmp" "$out_dir/manifests.yaml"
echo "rendered $manifests into $out_dir/manifests.yaml" >&2

tag="$(git rev-parse --short HEAD)"
source_url="${SOURCE:-$(git config --get remote.origin.url || echo "file://$(git rev-parse --show-toplevel)")}"
revision="${REVISION:-$(git rev-parse --abbrev-ref HEAD)@sha1:$(git rev-parse HEAD)}"
push=(flux push artifact "oci://${REGISTRY:-REGISTRY}/${app}:${tag}" -f "$out_dir" --source="$source_url" --revision="$revision")

if [[ "$dry_run" == 1 ]]; then
  echo "DRY_RUN=1: not pushing. Would run: ${push[*]}" >&2
  exit 0
fi
if [[ -z "${REGISTRY:-}" ]]; then
  echo "REGISTRY is not set: rendered only, nothing pushed (set REGISTRY, e.g. ghcr.io/my-org, to push)" >&2
  exit 0
fi
"${push[@]}"
if [[ -n "${EXTRA_TAG:-}" ]]; then
  flux tag artifact "oci://${REGISTRY}/${app}:${tag}" --tag "$EXTRA_TAG"
fi
