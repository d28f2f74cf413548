# shellcheck shell=bash
# Nova (fake virt driver; nova-compute from python3-nova, since the nova-compute package pulls
# in KVM/QEMU) on :8774 and Neutron (ML2 with the in-tree "test" mechanism driver, no agents)
# on :9696.

nova_db_setup() { # config-file options
  local cells
  # shellcheck disable=SC2086
  nova-manage $1 api_db sync || return 1
  cells=$(mariadb --defaults-file="$E/my.cnf" -N -e 'SELECT name FROM nova_api.cell_mappings')
  # shellcheck disable=SC2086
  if ! grep -qx cell0 <<<"$cells"; then
    nova-manage $1 cell_v2 map_cell0 --database_connection "$DB/nova_cell0" || return 1
  fi
  # shellcheck disable=SC2086
  if ! grep -qx cell1 <<<"$cells"; then nova-manage $1 cell_v2 create_cell --name=cell1 || return 1; fi
  # shellcheck disable=SC2086
  nova-manage $1 db sync
}

start_nova() {
  mkdir -p "$E/nova" "$D/nova-state/instances" "$D/lock"
  cp /etc/nova/api-paste.ini "$E/nova/api-paste.ini"
  cat >"$E/nova/nova.conf" <<EOF
[DEFAULT]
log_dir = $L
state_path = $D/nova-state
instances_path = $D/nova-state/instances
transport_url = $RABBIT
my_ip = $HOST
host = localhost
compute_driver = fake.FakeDriver
enabled_apis = osapi_compute
osapi_compute_listen = $HOST
osapi_compute_listen_port = 8774
osapi_compute_workers = 1
metadata_workers = 1
rootwrap_config = /etc/nova/rootwrap.conf
[api]
auth_strategy = keystone
[wsgi]
api_paste_config = $E/nova/api-paste.ini
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 2
$(ks_authtoken nova)
[placement]
$(auth_section placement)
region_name = RegionOne
[neutron]
$(auth_section neutron)
region_name = RegionOne
[cinder]
os_region_name = RegionOne
$(auth_section cinder)
[glance]
region_name = RegionOne
[service_user]
# Cinder refuses attachment deletes without Nova's service token (OSSA-2023-003)
send_service_user_token = true
$(auth_section nova)
[oslo_concurrency]
lock_path = $D/lock
[vnc]
enabled = false
[quota]
instances = -1
cores = -1
ram = -1
EOF
  cat >"$E/nova/nova-db.conf" <<EOF
[api_database]
connection = $DB/nova_api
[database]
connection = $DB/nova
EOF
  # The neutron "test" mechanism driver binds ports only for special host names;
  # "host-ovs-filter-active" gives vif_type=ovs and status ACTIVE.
  printf '[DEFAULT]\nhost = host-ovs-filter-active\n' >"$E/nova/nova-compute.conf"
  printf '#!%s\nimport sys\nfrom nova.cmd.compute import main\nsys.exit(main())\n' "$PY" >"$E/nova/nova-compute"
  chmod +x "$E/nova/nova-compute"
  local nc="--config-file $E/nova/nova.conf --config-file $E/nova/nova-db.conf"
  once nova-db nova_db_setup "$nc" >"$L/nova-dbsync.log" 2>&1 || die "nova db sync failed (log: $L/nova-dbsync.log)"
  local s
  for s in conductor scheduler api; do
    # shellcheck disable=SC2086
    spawn "nova-$s" "nova-$s" $nc --log-file "$L/nova-$s.log"
  done
  spawn nova-compute "$E/nova/nova-compute" --config-file "$E/nova/nova.conf" \
    --config-file "$E/nova/nova-compute.conf" --log-file "$L/nova-compute.log"
}

start_neutron() {
  mkdir -p "$E/neutron" "$D/neutron-state" "$D/lock"
  cat >"$E/neutron/neutron.conf" <<EOF
[DEFAULT]
log_dir = $L
state_path = $D/neutron-state
bind_host = $HOST
bind_port = 9696
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 0
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = $RABBIT
api_paste_config = /etc/neutron/api-paste.ini
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
dhcp_agent_notification = false
pagination_max_limit = 1000
[database]
connection = $DB/neutron
$(ks_authtoken neutron)
[nova]
$(auth_section nova)
region_name = RegionOne
[oslo_concurrency]
lock_path = $D/lock
EOF
  cat >"$E/neutron/ml2_conf.ini" <<EOF
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = test
extension_drivers = port_security
[ml2_type_flat]
flat_networks = *
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:200
[ml2_type_vxlan]
vni_ranges = 1:1000
[securitygroup]
enable_security_group = true
firewall_driver = noop
EOF
  local nc="--config-file $E/neutron/neutron.conf --config-file $E/neutron/ml2_conf.ini"
  # shellcheck disable=SC2086
  once neutron-db neutron-db-manage $nc upgrade head >"$L/neutron-dbsync.log" 2>&1 ||
    die "neutron db upgrade failed (log: $L/neutron-dbsync.log)"
  # -O: the "test" mechanism driver guards its bookkeeping with asserts that fail on port updates
  # shellcheck disable=SC2086
  spawn neutron-server "$PY" -O /usr/bin/neutron-server $nc --log-file "$L/neutron-server.log"
}
