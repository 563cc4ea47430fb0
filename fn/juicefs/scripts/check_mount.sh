# check_mount.sh -- postStart check of the JuiceFS sidecar (run by bash; no interpreter line, so
# bash runs it itself whatever the image's paths).
#
# Usage: [subpath=S name=N capacity=C community=ce|ee quotaPath=Q] check_mount.sh <mount-point>
#
# Waits until a line of `mount` contains both <mount-point> and "JuiceFS", checking every 3 s;
# after 20 failed checks it prints "timed out!" and exits 1 (the kubelet then kills the sidecar).
# Then it prints the date and "succeed in checking mount point <mount-point>". When both subpath
# and capacity are set it prints "set quota in <subpath>" and, if `juicefs quota` runs, sets the
# quota of quotaPath to capacity GiB: Community Edition in the background with ${metaurl} (the
# sidecar's env), Enterprise Edition in the foreground with the volume name.
#
# Every value is used as one quoted argument or compared as a fixed string; none is evaluated.
#
# Overrides for tests (production defaults):
#   CHECK_MOUNT_INTERVAL  seconds between checks        (3)
#   CHECK_MOUNT_CE_CLI    Community Edition client      (/usr/local/bin/juicefs)
#   CHECK_MOUNT_EE_CLI    Enterprise Edition client     (/usr/bin/juicefs)

mount_point=$1
interval=${CHECK_MOUNT_INTERVAL:-3}
ce_cli=${CHECK_MOUNT_CE_CLI:-/usr/local/bin/juicefs}
ee_cli=${CHECK_MOUNT_EE_CLI:-/usr/bin/juicefs}
max_checks=20

# mounted: prints and succeeds on the first `mount` line with the mount point and "JuiceFS".
mounted() {
  local line
  while IFS= read -r line; do
    if [[ $line == *"$mount_point"* && $line == *JuiceFS* ]]; then
      printf '%s\n' "$line"
      return 0
    fi
  done < <(mount 2>/dev/null)
  return 1
}

failed=0
until mounted; do
  sleep "$interval"
  failed=$((failed + 1))
  if (( failed >= max_checks )); then
    echo "timed out!"
    exit 1
  fi
done

date '+%Y-%m-%d %H:%M:%S'
echo "succeed in checking mount point $mount_point"

if [[ -n ${subpath-} && -n ${capacity-} ]]; then
  case ${community-} in
    ce)
      echo "set quota in $subpath"
      if "$ce_cli" quota > /dev/null; then
        "$ce_cli" quota set "${metaurl-}" --path "${quotaPath-}" --capacity "$capacity" &
      fi
      ;;
    ee)
      echo "set quota in $subpath"
      if "$ee_cli" quota > /dev/null; then
        "$ee_cli" quota set "${name-}" --path "${quotaPath-}" --capacity "$capacity"
      fi
      ;;
  esac
fi
