#!/usr/bin/env bash
# check-mount-unprivileged.sh -- postStart step of the unprivileged FUSE
# sidecar, as Fluid v1.0.0 to v1.0.3 ship it (mounted as /check-mount.sh).
#
# Usage: check-mount.sh   (no arguments)
#
# Asks the FUSE device helper of the sidecar image, /tools/ioctl_sync, to
# sync the /dev/fuse device, tracing each step on stderr. The postStart
# command appends stdout to PID 1's stdout. Exit status: that of the helper
# (127 when the image has none).
set -e
set -x

echo "syncing /dev/fuse with /tools/ioctl_sync"
/tools/ioctl_sync
echo "/dev/fuse synced; post start step done"
