# shellcheck shell=bash
# Glance (file store) on :9292 and Cinder on :8776 with two backends: rbd1 (Ceph pool
# "volumes", the default type "rbd") and nfs1 (the NFS driver on a bind-mounted local directory,
# type "nfs"; it never mounts NFS because the share already looks mounted).

start_glance() {
  mkdir -p "$D/images" "$D/glance-staging" "$D/glance-tasks" "$D/lock"
  cat >"$E/glance-api.conf" <<EOF
[DEFAULT]
bind_host = $HOST
bind_port = 9292
workers = 1
log_dir = $L
log_file = glance-api.log
enabled_backends = fs:file
show_image_direct_url = false
[database]
connection = $DB/glance
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $D/images
[os_glance_staging_store]
filesystem_store_datadir = $D/glance-staging
[os_glance_tasks_store]
filesystem_store_datadir = $D/glance-tasks
$(ks_authtoken glance)
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $D/lock
EOF
  once glance-db glance-manage --config-file "$E/glance-api.conf" db_sync >"$L/glance-dbsync.log" 2>&1 ||
    die "glance db_sync failed (log: $L/glance-dbsync.log)"
  spawn glance-api glance-api --config-file "$E/glance-api.conf"
}

nfs_bind_mount() {
  local share="$HOST:$D/nfs-export" hash
  mkdir -p "$D/nfs-export" "$D/nfs-mnt"
  echo "$share" >"$E/nfs_shares"
  hash=$(printf '%s' "$share" | md5sum | cut -d' ' -f1)
  mkdir -p "$D/nfs-mnt/$hash"
  grep -q " $D/nfs-mnt/$hash " /proc/mounts || mount --bind "$D/nfs-export" "$D/nfs-mnt/$hash"
}

start_cinder() {
  mkdir -p "$D/cinder-state" "$D/cinder-conversion" "$D/lock"
  nfs_bind_mount
  cat >"$E/cinder.conf" <<EOF
[DEFAULT]
log_dir = $L
state_path = $D/cinder-state
image_conversion_dir = $D/cinder-conversion
transport_url = $RABBIT
auth_strategy = keystone
osapi_volume_listen = $HOST
osapi_volume_listen_port = 8776
osapi_volume_workers = 1
my_ip = $HOST
host = localhost
enabled_backends = rbd1,nfs1
default_volume_type = rbd
glance_api_servers = http://$HOST:9292
rootwrap_config = /etc/cinder/rootwrap.conf
api_paste_config = /etc/cinder/api-paste.ini
volume_clear = none
[rbd1]
volume_driver = cinder.volume.drivers.rbd.RBDDriver
volume_backend_name = rbd1
rbd_pool = volumes
rbd_ceph_conf = $CEPH_CONF
rbd_user = cinder
rbd_cluster_name = ceph
rbd_flatten_volume_from_snapshot = false
[nfs1]
volume_driver = cinder.volume.drivers.nfs.NfsDriver
volume_backend_name = nfs1
nfs_shares_config = $E/nfs_shares
nfs_mount_point_base = $D/nfs-mnt
nfs_snapshot_support = true
nas_secure_file_operations = false
nas_secure_file_permissions = false
nfs_sparsed_volumes = true
[database]
connection = $DB/cinder
$(ks_authtoken cinder)
[nova]
$(auth_section nova)
region_name = RegionOne
[oslo_concurrency]
lock_path = $D/lock
EOF
  once cinder-db cinder-manage --config-file "$E/cinder.conf" db sync >"$L/cinder-dbsync.log" 2>&1 ||
    die "cinder db sync failed (log: $L/cinder-dbsync.log)"
  local s
  for s in api scheduler volume; do
    spawn "cinder-$s" "cinder-$s" --config-file "$E/cinder.conf" --log-file "$L/cinder-$s.log"
  done
}

start_placement() {
  mkdir -p "$E/placement"
  cat >"$E/placement/placement.conf" <<EOF
[DEFAULT]
log_dir = $L
log_file = placement.log
[api]
auth_strategy = keystone
[placement_database]
connection = $DB/placement
$(ks_authtoken placement)
EOF
  uwsgi_ini "$E/placement-uwsgi.ini" 8778 /usr/bin/placement-api "$L/placement-uwsgi.log" \
    "OS_PLACEMENT_CONFIG_DIR=$E/placement"
  once placement-db placement-manage --config-file "$E/placement/placement.conf" db sync \
    >"$L/placement-dbsync.log" 2>&1 ||
    die "placement db sync failed (log: $L/placement-dbsync.log)"
  spawn placement uwsgi --ini "$E/placement-uwsgi.ini"
}

unmount_nfs() {
  local m
  for m in $(awk -v d="$D/nfs-mnt/" 'index($2, d) == 1 { print $2 }' /proc/mounts); do
    umount "$m" || true
  done
}
