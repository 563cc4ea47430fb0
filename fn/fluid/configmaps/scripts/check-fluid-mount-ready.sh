#!/usr/bin/env bash
# check-fluid-mount-ready.sh -- application-side postStart check.
#
# Usage: check-fluid-mount-ready.sh <mount-paths> <runtime-types>
#
# Waits until every mount path in the ':'-separated <mount-paths> list is
# mounted with a filesystem type matching the runtime type at the same
# position in the ':'-separated <runtime-types> list.
#
# Optional environment overrides (intended for tests; production defaults):
#   FLUID_CHECK_MOUNTINFO   mountinfo file to inspect   (/proc/self/mountinfo)
#   FLUID_CHECK_LOG_TARGET  where stdout/stderr go      (/proc/1/fd/1)
#   FLUID_CHECK_INTERVAL    seconds between polls       (1)
#
# All arguments are treated as literal data: they are only ever compared as
# fixed strings and are never evaluated.
set -e

# How this copy behaves; the function writes this line for the Fluid release it
# renders for (see docs/fluid-versions.md). The value here is the development line's.
own_redirect=1    # 1: send our stdout/stderr to PID 1's stdout (else the postStart command does)

mountinfo_file="${FLUID_CHECK_MOUNTINFO:-/proc/self/mountinfo}"
log_target="${FLUID_CHECK_LOG_TARGET:-/proc/1/fd/1}"
interval="${FLUID_CHECK_INTERVAL:-1}"
if [[ ! $interval =~ ^[0-9]+([.][0-9]+)?$ ]]; then
  interval=1
fi

readonly max_redirect_attempts=5
readonly max_polls=10

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

usage() {
  cat <<'USAGE'
Usage: check-fluid-mount-ready.sh <mount-paths> <runtime-types>
  <mount-paths>    ':'-separated list of mount paths, e.g. /data/a:/data/b
  <runtime-types>  ':'-separated list of runtime types of the same length,
                   e.g. alluxio:jindo
USAGE
}

if [[ $# -ne 2 ]]; then
  usage
  exit 1
fi

# split_colon <string>: fills the global array split_result with the
# ':'-separated fields of <string>. Empty fields are kept; no word splitting,
# globbing or newline handling is applied to the content.
split_colon() {
  local rest=$1
  split_result=()
  while :; do
    split_result+=("${rest%%:*}")
    if [[ $rest != *:* ]]; then
      break
    fi
    rest=${rest#*:}
  done
}

split_colon "$1"
mount_paths=("${split_result[@]}")
split_colon "$2"
runtime_types=("${split_result[@]}")

if [[ ${#mount_paths[@]} -ne ${#runtime_types[@]} ]]; then
  printf '%s\n' 'Error: length of mount paths must be equal to length of runtime types'
  exit 1
fi

for i in "${!mount_paths[@]}"; do
  if [[ -z ${mount_paths[i]} || -z ${runtime_types[i]} ]]; then
    printf '%s\n' 'Error: mount paths and runtime types must not be empty'
    exit 1
  fi
done

# is_mounted <path> <fs-type>: succeeds when a mountinfo line containing
# <path> has a 9th whitespace-separated field (the filesystem type for a
# line with one optional field) containing <fs-type>.
is_mounted() {
  local path=$1 fs_type=$2 line
  local -a fields
  [[ -r $mountinfo_file ]] || return 1
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line == *"$path"* ]] || continue
    read -r -a fields <<<"$line"
    if [[ ${#fields[@]} -ge 9 && ${fields[8]} == *"$fs_type"* ]]; then
      return 0
    fi
  done <"$mountinfo_file"
  return 1
}

for i in "${!mount_paths[@]}"; do
  path=${mount_paths[i]}
  runtime_type=${runtime_types[i]}
  fs_type=$runtime_type
  if [[ $runtime_type == "jindo" ]]; then
    fs_type=fuse
  fi

  polls=1
  until is_mounted "$path" "$fs_type"; do
    if (( polls >= max_polls )); then
      printf 'fail to check mount point %s with runtimeType %s: timed out for %s seconds\n' \
        "$path" "$runtime_type" "$max_polls"
      exit 1
    fi
    polls=$((polls + 1))
    sleep "$interval"
  done
  printf 'succeed in checking mount point %s with runtimeType %s\n' "$path" "$runtime_type"
done

exit 0
