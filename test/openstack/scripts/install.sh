# shellcheck shell=bash
# Installs the Debian 12 packages (OpenStack Zed, Ceph 16 pacific) the test cloud needs, once.
# Maintainer scripts must not start daemons on default addresses: a temporary policy-rc.d
# (exit 101) stops them; it is removed again if we created it.

PACKAGES="keystone glance-api cinder-api cinder-scheduler cinder-volume nfs-common dmidecode qemu-utils
  nova-api nova-conductor nova-scheduler python3-nova placement-api neutron-common python3-neutron
  rabbitmq-server mariadb-server python3-pymysql python3-openstackclient uwsgi-plugin-python3
  ceph-mon ceph-osd ceph-mgr ceph-common python3-rbd python3-rados uuid-runtime curl bc procps"

missing_packages() {
  local p
  for p in $PACKAGES; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

install_packages() {
  local missing own_policy=0 apt_log=${TMPDIR:-/tmp}/karbor-testcloud-apt.log
  missing=$(missing_packages | tr '\n' ' ')
  if [ -z "${missing// /}" ]; then
    log "packages present"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "installing packages needs root: $missing"
  log "installing: $missing"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
  fi
  apt-get update -qq >"$apt_log" 2>&1 || true
  # shellcheck disable=SC2086
  if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends $missing >>"$apt_log" 2>&1; then
    if [ $own_policy = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
    tail -30 "$apt_log"
    die "apt-get install failed (log: $apt_log)"
  fi
  if [ $own_policy = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
  log "packages installed"
}
