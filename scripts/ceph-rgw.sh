#!/usr/bin/env bash
# A real, tiny Ceph cluster for tests: one monitor, one OSD on a sparse file (BlueStore) and a RADOS Gateway
# (the S3 API) on 127.0.0.1. Debian packages: ceph-mon ceph-osd radosgw ceph-common.
#
#   scripts/ceph-rgw.sh start    # idempotent: reuses a running cluster, restarts a stopped one from its disk
#   scripts/ceph-rgw.sh stop     # stops the daemons (state stays in $CEPH_DIR for the next start)
#   scripts/ceph-rgw.sh status   # exit 0 and print the S3 URL when the gateway answers
#   scripts/ceph-rgw.sh purge    # stop and delete every byte of state
#   scripts/ceph-rgw.sh lc-process  # apply every bucket's lifecycle rules now (radosgw-admin lc process)
#
# All state lives in one directory ($CEPH_DIR, default /tmp/sealpost-ceph). The S3 user has fixed test keys,
# printed by `status` as TEST_S3_URL (http://ACCESS:SECRET@127.0.0.1:PORT). Authentication between the
# daemons is off: this cluster exists only for tests on one machine and listens on 127.0.0.1 only.
# `rgw_lc_debug_interval` makes a lifecycle "day" last $CEPH_LC_DAY_SECONDS seconds (default 10). The gateway's own
# lifecycle thread works through all buckets in turn (minutes with the many buckets of a test run): tests that wait
# for an expiry call `lc-process` instead of waiting for it.
set -euo pipefail

DIR="${CEPH_DIR:-/tmp/sealpost-ceph}"
RGW_PORT="${CEPH_RGW_PORT:-7480}"
MON_PORT="${CEPH_MON_PORT:-6789}"
LC_DAY="${CEPH_LC_DAY_SECONDS:-10}"
ACCESS_KEY="sealpost-test-access"
SECRET_KEY="sealpost-test-secret-0123456789abcdef"
CONF="$DIR/ceph.conf"
CEPH=(ceph -c "$CONF" --connect-timeout 10)

log() { echo "ceph-rgw: $*" >&2; }

s3_url() { echo "http://$ACCESS_KEY:$SECRET_KEY@127.0.0.1:$RGW_PORT"; }

rgw_answers() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$RGW_PORT/" 2>/dev/null; }

pid_alive() { [ -f "$DIR/run/$1.pid" ] && kill -0 "$(cat "$DIR/run/$1.pid")" 2>/dev/null; }

write_conf() {
  mkdir -p "$DIR"/{mon,osd,rgw,log,run}
  local fsid
  fsid="$(cat "$DIR/fsid" 2>/dev/null || true)"
  if [ -z "$fsid" ]; then fsid="$(cat /proc/sys/kernel/random/uuid)"; echo "$fsid" >"$DIR/fsid"; fi
  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon_host = v1:127.0.0.1:$MON_PORT
ms_bind_msgr2 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
run_dir = $DIR/run
log_file = $DIR/log/\$name.log
admin_socket = $DIR/run/\$name.asok
pid_file = $DIR/run/\$name.pid
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_size_one = true
mon_allow_pool_delete = true
mon_warn_on_pool_no_redundancy = false
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
mon_data_avail_warn = 2
mon_data_avail_crit = 1

[mon.a]
mon_data = $DIR/mon

[osd.0]
osd_data = $DIR/osd
osd_objectstore = bluestore
bluestore_block_path = $DIR/osd.block
bluestore_block_size = 21474836480
bluestore_block_create = true
bluestore_cache_autotune = false
bluestore_cache_size = 134217728
osd_memory_target = 939524096

[client.rgw.a]
rgw_data = $DIR/rgw
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw_lc_debug_interval = $LC_DAY
rgw_enable_usage_log = false
EOF
}

start_mon() {
  if [ ! -f "$DIR/mon/kv_backend" ]; then
    monmaptool --create --clobber --add a "v1:127.0.0.1:$MON_PORT" --fsid "$(cat "$DIR/fsid")" "$DIR/monmap" >/dev/null
    ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap"
  fi
  pid_alive mon.a || ceph-mon -c "$CONF" -i a 2>>"$DIR/log/daemons.log"
}

start_osd() {
  if [ ! -f "$DIR/osd/ready" ]; then
    local uuid
    uuid="$(cat /proc/sys/kernel/random/uuid)"
    "${CEPH[@]}" osd create "$uuid" 0 >/dev/null
    ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$uuid" 2>>"$DIR/log/mkfs.log"
  fi
  pid_alive osd.0 || ceph-osd -c "$CONF" -i 0 2>>"$DIR/log/daemons.log"
}

start_rgw() {
  pid_alive client.rgw.a || radosgw -c "$CONF" -n client.rgw.a 2>>"$DIR/log/daemons.log"
  for _ in $(seq 1 120); do rgw_answers && return 0; sleep 0.5; done
  log "radosgw did not answer on port $RGW_PORT; see $DIR/log/client.rgw.a.log"
  return 1
}

ensure_user() {
  [ -f "$DIR/user-created" ] && return 0
  radosgw-admin -c "$CONF" user create --uid=sealpost-test --display-name="Sealpost tests" \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
  touch "$DIR/user-created"
}

start() {
  if pid_alive client.rgw.a && rgw_answers; then s3_url; return 0; fi
  for bin in ceph-mon ceph-osd radosgw radosgw-admin monmaptool; do
    command -v "$bin" >/dev/null || { log "$bin missing: apt-get install ceph-mon ceph-osd radosgw ceph-common"; exit 1; }
  done
  exec 9>"${DIR%/}.lock"
  flock 9 # two test runs starting at once: the second waits, then reuses the first one's cluster
  if pid_alive client.rgw.a && rgw_answers; then s3_url; return 0; fi
  write_conf
  start_mon
  start_osd
  if [ ! -f "$DIR/osd/ready" ]; then
    "${CEPH[@]}" osd crush add osd.0 1 root=default host=localhost >/dev/null 2>&1 || true
    touch "$DIR/osd/ready"
  fi
  start_rgw
  ensure_user
  s3_url
}

stop() {
  local name pid
  for name in client.rgw.a osd.0 mon.a; do
    pid_alive "$name" || continue
    pid="$(cat "$DIR/run/$name.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if pid_alive client.rgw.a && rgw_answers; then s3_url; else echo "stopped"; exit 1; fi ;;
  purge) stop; rm -rf "$DIR" "${DIR%/}.lock" ;;
  lc-process) radosgw-admin -c "$CONF" lc process ;;
  *) echo "usage: $0 start|stop|status|purge|lc-process" >&2; exit 2 ;;
esac
