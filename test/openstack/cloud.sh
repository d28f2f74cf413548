#!/bin/bash
# The Karbor test cloud: a real OpenStack (Zed, Debian 12 packages) and a one-node Ceph on
# 127.0.0.1. Keystone, Glance, Cinder (default type "rbd" on Ceph, type "nfs" on a local dir),
# Placement, Nova (fake virt driver), Neutron (no agents), MariaDB, RabbitMQ.
#
#   cloud.sh up       install missing packages (root), start everything, create the test
#                     projects/users/flavors/networks/types; prints where clouds.yaml is
#   cloud.sh down     stop every daemon; checks with ps that none of ours is left
#   cloud.sh reset    down, then delete all state (next "up" starts from scratch)
#   cloud.sh install  only install the packages
#   cloud.sh status   which daemons run;   cloud.sh env   print the clouds.yaml path
#
# State (config, data, logs, pids) lives in $KARBOR_TESTCLOUD_DIR (default
# /var/lib/karbor-testcloud). Idempotent: "up" on a running cloud only checks it.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for f in common install base ceph keystone storage compute; do
  # shellcheck source=/dev/null
  . "$HERE/scripts/$f.sh"
done

DAEMONS="mariadbd epmd rabbitmq ceph-mon ceph-osd ceph-mgr keystone glance-api placement cinder-api
  cinder-scheduler cinder-volume neutron-server nova-conductor nova-scheduler nova-api nova-compute"
OPENSTACK_DAEMONS="nova-compute nova-api nova-scheduler nova-conductor neutron-server cinder-volume
  cinder-scheduler cinder-api placement glance-api keystone"

up() {
  [ "$(id -u)" = 0 ] || die "run as root (apt-get, mount --bind)"
  install_packages
  mkdir -p "$E" "$L" "$D" "$R"
  if all_alive; then
    log "already running"
    print_locations
    return 0
  fi
  start_rabbitmq # slowest to boot: overlaps with MariaDB, Ceph and Keystone
  start_mariadb
  in_parallel start_ceph start_keystone
  write_client_config
  wait_ceph
  wait_rabbitmq
  # independent databases: their syncs (the slow part) run side by side
  in_parallel start_glance start_placement start_cinder start_neutron start_nova
  local url
  for url in http://$HOST:9292/ http://$HOST:8778/ http://$HOST:8776/ http://$HOST:9696/ http://$HOST:8774/; do
    wait_http "$url"
  done
  log "all APIs answer"
  KS_URL=$KEYSTONE_URL KS_PW=$PW $PY "$HERE/scripts/resources-setup.py" >"$L/resources-setup.log" 2>&1 ||
    die "resource setup failed (log: $L/resources-setup.log)"
  log "test cloud ready"
  print_locations
}

in_parallel() { # step... : run each step in a background subshell, fail if any failed
  local pids=() step failed=0 i=0
  for step in "$@"; do
    "$step" &
    pids+=($!)
  done
  for step in "$@"; do
    wait "${pids[$i]}" || failed=1
    i=$((i + 1))
  done
  [ "$failed" = 0 ] || die "start-up failed (logs: $L)"
}

all_alive() {
  local n
  for n in $DAEMONS; do alive "$n" || return 1; done
  curl -s -o /dev/null -m 5 "$KEYSTONE_URL"
}

print_locations() {
  echo "clouds.yaml: $E/clouds.yaml   (clouds: admin demo alt_demo karbor)"
  echo "openrc:      $E/{admin,demo,alt_demo,karbor}-openrc"
  echo "ceph:        $E/ceph/ceph.conf  (rbd --conf $E/ceph/ceph.conf --id karbor-mover ls volumes)"
}

leftovers() { # pids of our daemons' sessions that still run
  local sids="" f
  for f in "$R"/*.pid; do [ -s "$f" ] && sids="$sids $(cat "$f")"; done
  # shellcheck disable=SC2086
  session_pids $sids
}

down() {
  [ -d "$R" ] || {
    log "nothing to stop ($STATE)"
    return 0
  }
  # shellcheck disable=SC2086
  stop_sessions $OPENSTACK_DAEMONS
  stop_ceph
  stop_base
  unmount_nfs
  local left
  left=$(leftovers)
  if [ -n "$left" ]; then
    ps -o pid,sid,args -p "$(echo "$left" | tr '\n' ',' | sed 's/,$//')" >&2 || true
    die "processes left behind"
  fi
  log "test cloud stopped"
}

status() {
  local n
  for n in $DAEMONS; do
    if alive "$n"; then echo "$n: running (pid $(cat "$R/$n.pid"))"; else echo "$n: stopped"; fi
  done
}

case "${1:-}" in
up) up ;;
down) down ;;
reset)
  down
  rm -rf "$STATE"
  log "state removed: $STATE"
  ;;
install) install_packages ;;
status) status ;;
env) echo "$E/clouds.yaml" ;;
*)
  echo "usage: $0 up|down|reset|install|status|env" >&2
  exit 2
  ;;
esac
