# shellcheck shell=bash
# One-node Ceph (pacific): 1 mon, 1 BlueStore OSD on a sparse file, 1 mgr, all on 127.0.0.1,
# cephx on. Pool "volumes" for Cinder (client.cinder) and a read-only key for the mover
# (client.karbor-mover), with its own ceph.conf under $E/ceph/.

CEPH_CONF=$CEPH_DIR/ceph.conf
MON_V2=40100 MON_V1=40101
# --connect-timeout: without a monitor the ceph CLI would otherwise wait for minutes per call
ceph_admin() { ceph --conf "$CEPH_CONF" --connect-timeout 5 "$@"; }

ceph_write_conf() {
  cat >"$CEPH_CONF" <<EOF
[global]
fsid = $1
mon_host = [v2:$HOST:$MON_V2,v1:$HOST:$MON_V1]
public_addr = $HOST
cluster_addr = $HOST
public_network = 127.0.0.0/8
ms_bind_ipv4 = true
ms_bind_ipv6 = false
ms_bind_port_min = 40110
ms_bind_port_max = 40199
auth_cluster_required = cephx
auth_service_required = cephx
auth_client_required = cephx
keyring = $CEPH_DIR/keyring
run_dir = $CEPH_DIR/run
crash_dir = $CEPH_DIR/run
log_file = $L/ceph/\$name.log
mon_cluster_log_file = $L/ceph/cluster.log
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_size_one = true
mon_allow_pool_delete = true
mon_warn_on_pool_no_redundancy = false
auth_allow_insecure_global_id_reclaim = false
mon_data_avail_warn = 2
osd_crush_chooseleaf_type = 0
mon_max_pg_per_osd = 1000
mon_osd_full_ratio = .99
mon_osd_nearfull_ratio = .99
mon_osd_backfillfull_ratio = .99
[mon]
mon_data = $CEPH_DIR/mon.\$id
[mgr]
mgr_data = $CEPH_DIR/mgr.\$id
mgr_initial_modules = iostat
[osd]
osd_data = $CEPH_DIR/osd.\$id
osd_objectstore = bluestore
osd_memory_target = 1073741824
osd_memory_cache_min = 134217728
bluestore_block_path = $CEPH_DIR/osd.\$id.block
bluestore_block_size = 21474836480
bluestore_block_create = true
bluestore_fsck_on_mkfs = false
bluestore_fsck_on_mount = false
osd_fast_shutdown = true
[client]
keyring = $CEPH_DIR/\$cluster.\$name.keyring,$CEPH_DIR/keyring
EOF
}

ceph_init() {
  local fsid osd_uuid k=$CEPH_DIR/keyring
  rm -rf "$CEPH_DIR"
  mkdir -p "$CEPH_DIR"/{run,mon.a,osd.0,mgr.x} "$L/ceph"
  fsid=$(uuidgen)
  ceph_write_conf "$fsid"
  ceph-authtool --create-keyring "$k" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$k" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
    --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
  ceph-authtool "$k" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap mgr 'allow profile osd' \
    --cap osd 'allow *' >/dev/null
  ceph-authtool "$k" --gen-key -n mgr.x --cap mon 'allow profile mgr' --cap osd 'allow *' \
    --cap mds 'allow *' >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v2:$HOST:$MON_V2,v1:$HOST:$MON_V1]" \
    "$CEPH_DIR/monmap" >/dev/null
  ceph-mon --conf "$CEPH_CONF" --mkfs -i a --monmap "$CEPH_DIR/monmap" --keyring "$k"
  spawn ceph-mon ceph-mon --conf "$CEPH_CONF" -f -i a
  osd_uuid=$(uuidgen)
  ceph_admin osd new "$osd_uuid" 0 >/dev/null
  ceph-osd --conf "$CEPH_CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" --keyring "$k" \
    >"$L/ceph/osd-mkfs.log" 2>&1
  touch "$CEPH_DIR/.initialized"
}

ceph_setup_pools() {
  [ -e "$CEPH_DIR/.pools" ] && return 0
  ceph_admin osd pool create volumes 8 8 >/dev/null 2>&1
  rbd --conf "$CEPH_CONF" pool init volumes
  ceph_admin auth get-or-create client.cinder mon 'profile rbd' osd 'profile rbd pool=volumes' \
    mgr 'profile rbd pool=volumes' -o "$CEPH_DIR/ceph.client.cinder.keyring"
  mkdir -p "$E/ceph"
  ceph_admin auth get-or-create client.karbor-mover mon 'profile rbd' \
    osd 'profile rbd-read-only pool=volumes' -o "$E/ceph/ceph.client.karbor-mover.keyring"
  chmod 600 "$E/ceph/ceph.client.karbor-mover.keyring"
  cat >"$E/ceph/ceph.conf" <<EOF
# Read-only access to the Cinder pool "volumes" for the mover: rbd --conf THIS --id karbor-mover
[global]
fsid = $(awk '/^fsid/ {print $3}' "$CEPH_CONF")
mon_host = [v2:$HOST:$MON_V2,v1:$HOST:$MON_V1]
auth_client_required = cephx
ms_bind_ipv6 = false
[client.karbor-mover]
keyring = $E/ceph/ceph.client.karbor-mover.keyring
EOF
  touch "$CEPH_DIR/.pools"
}

start_ceph() {
  if [ ! -e "$CEPH_DIR/.initialized" ]; then ceph_init; fi
  mkdir -p "$L/ceph"
  spawn ceph-mon ceph-mon --conf "$CEPH_CONF" -f -i a
  spawn ceph-osd ceph-osd --conf "$CEPH_CONF" -f -i 0 --keyring "$CEPH_DIR/keyring"
  spawn ceph-mgr ceph-mgr --conf "$CEPH_CONF" -f -i x --keyring "$CEPH_DIR/keyring"
}

wait_ceph() {
  for _ in $(seq 120); do
    ceph_admin osd dump 2>/dev/null | grep -q '^osd.0 up' && break
    sleep 0.5
  done
  ceph_admin osd dump | grep -q '^osd.0 up' || die "ceph osd.0 is not up (logs: $L/ceph)"
  for _ in $(seq 120); do # Cinder's RBD driver reads pool stats through the mgr
    ceph_admin mgr stat 2>/dev/null | grep -q '"available": true' && break
    sleep 0.5
  done
  ceph_setup_pools
  log "ceph up"
}

stop_ceph() { # OSD first (it tells the mon), then mgr, then mon
  stop_sessions ceph-osd
  stop_sessions ceph-mgr
  stop_sessions ceph-mon
}
