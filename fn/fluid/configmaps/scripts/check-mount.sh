#!/usr/bin/env bash
# check-mount.sh -- FUSE-sidecar-side postStart check.
#
# Usage: check-mount.sh <mount-point> <mount-type> [<sub-path>]
#
# Waits until <mount-point> shows up in mountinfo together with <mount-type>
# (a mount type of exactly "jindo" is looked up as "/dev/fuse"), then until
# <mount-point>/*/<sub-path> exists (the FUSE filesystem is mounted one
# directory below the checked path).
#
# Exit codes: 0 success, 1 usage error or mount point timeout,
#             2 sub path timeout, 125 output redirection failed.
#
# Optional environment overrides (intended for tests; production defaults):
#   FLUID_CHECK_MOUNTINFO   mountinfo file to inspect   (/proc/self/mountinfo)
#   FLUID_CHECK_LOG_TARGET  where stdout/stderr go      (/proc/1/fd/1)
#   FLUID_CHECK_INTERVAL    seconds between polls       (poll_seconds below)
#
# All arguments are treated as literal data: they are only ever compared as
# fixed strings or used as quoted path components and are never evaluated.
set -e

# How this copy behaves. The function writes these six lines for the Fluid
# release it renders for (see docs/fluid-versions.md); the values here are
# the development line's.
own_redirect=1    # 1: send our stdout/stderr to PID 1's stdout (else the postStart command does)
trace=0           # 1: trace every command on stderr (bash -x)
poll_seconds=1    # seconds between two checks
mount_checks=30   # checks of mountinfo before exit 1
sub_path_checks=30 # checks of the sub path before exit 2
log_stamps=1      # 1: prefix log lines with a timestamp

if (( trace )); then
  set -x
fi

mountinfo_file="${FLUID_CHECK_MOUNTINFO:-/proc/self/mountinfo}"
log_target="${FLUID_CHECK_LOG_TARGET:-/proc/1/fd/1}"
interval="${FLUID_CHECK_INTERVAL:-$poll_seconds}"
if [[ ! $interval =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  interval=$poll_seconds
fi

readonly max_redirect_attempts=5

# An unmatched glob must expand to nothing (see sub_path_found).
shopt -s nullglob

# Send our own stdout and stderr to PID 1's stdout so that the output shows up
# in the container log. The target is probed in a subshell first so that a
# failing redirection can never terminate this shell.
redirect_output() {
  local attempt=1
  while :; do
    if ( exec >>"$log_target" ) 2>/dev/null && exec >>"$log_target" 2>&1; then
      return 0
    fi
    if (( attempt >= max_redirect_attempts )); then
      return 1
    fi
    attempt=$((attempt + 1))
    sleep "$interval"
  done
}

if (( own_redirect )) && ! redirect_output; then
  printf '%s\n' '[PostStartHook] Redirection failed' >&2
  exit 125
fi

log() {
  if (( log_stamps )); then
    printf '>>> %s fluid-post-start-check %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$*"
  else
    printf '%s\n' "$*"
  fi
}

usage() {
  cat <<'USAGE'
Usage: check-mount.sh <mount-point> <mount-type> [<sub-path>]
  <mount-point>  mount point to look for in mountinfo
  <mount-type>   filesystem type string to look for on the same line
                 ("jindo" is looked up as "/dev/fuse")
  <sub-path>     optional path that must exist below <mount-point>/*/
USAGE
}

if [[ $# -lt 2 || $# -gt 3 ]]; then
  usage
  exit 1
fi

mount_point=$1
mount_type=$2
sub_path=${3-}

if [[ -z $mount_point || -z $mount_type ]]; then
  log "mount point and mount type must not be empty"
  usage
  exit 1
fi

if [[ $mount_type == "jindo" ]]; then
  mount_type=/dev/fuse
fi

# mount_found: succeeds when one mountinfo line contains both the mount point
# and the mount type as plain substrings.
mount_found() {
  local line
  [[ -r $mountinfo_file ]] || return 1
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line == *"$mount_point"* && $line == *"$mount_type"* ]]; then
      return 0
    fi
  done <"$mountinfo_file"
  return 1
}

# sub_path_found: succeeds when the glob <mount-point>/*/<sub-path> matches an
# existing path. Only the middle '*' is a pattern; both arguments are quoted
# and therefore matched literally.
sub_path_found() {
  local -a matches
  matches=("$mount_point"/*/"$sub_path")
  [[ ${#matches[@]} -gt 0 ]]
}

mount_attempts=1
until mount_found; do
  if (( mount_attempts >= mount_checks )); then
    log "timed out checking mount point for $((mount_checks * poll_seconds)) seconds!"
    exit 1
  fi
  mount_attempts=$((mount_attempts + 1))
  sleep "$interval"
done

sub_path_attempts=1
until sub_path_found; do
  if (( sub_path_attempts >= sub_path_checks )); then
    if (( sub_path_checks == 1 )); then
      log "sub path [${sub_path}] does not exist!"
    else
      log "timed out checking sub path [${sub_path}] for $((sub_path_checks * poll_seconds)) seconds!"
    fi
    exit 2
  fi
  sub_path_attempts=$((sub_path_attempts + 1))
  sleep "$interval"
done

log "succeed in checking mount point ${mount_point} after ${mount_attempts} attempts"
exit 0
