# shellcheck shell=bash
# Keystone (fernet tokens, MariaDB) under uwsgi on 127.0.0.1:5000, then its catalog, the
# service users and the test projects (keystone-setup.py, one Python process).

start_keystone() {
  cat >"$E/keystone.conf" <<EOF
[DEFAULT]
log_dir = $L
log_file = keystone.log
[database]
connection = $DB/keystone
[token]
provider = fernet
expiration = ${KARBOR_TESTCLOUD_TOKEN_TTL:-3600}
[fernet_tokens]
key_repository = $D/fernet-keys
[fernet_receipts]
key_repository = $D/fernet-keys
[credential]
key_repository = $D/credential-keys
[identity]
password_hash_rounds = 4
EOF
  uwsgi_ini "$E/keystone-uwsgi.ini" 5000 /usr/bin/keystone-wsgi-public "$L/keystone-uwsgi.log" \
    "OS_KEYSTONE_CONFIG_DIR=$E" OS_KEYSTONE_CONFIG_FILES=keystone.conf
  local km="keystone-manage --config-file $E/keystone.conf"
  if [ ! -d "$D/fernet-keys" ]; then
    {
      $km db_sync
      $km fernet_setup --keystone-user root --keystone-group root
      $km credential_setup --keystone-user root --keystone-group root
      $km bootstrap --bootstrap-password "$PW" --bootstrap-username admin --bootstrap-project-name admin \
        --bootstrap-role-name admin --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
        --bootstrap-admin-url "$KEYSTONE_URL" --bootstrap-public-url "$KEYSTONE_URL" \
        --bootstrap-internal-url "$KEYSTONE_URL"
    } >"$L/keystone-manage.log" 2>&1 || die "keystone-manage failed (log: $L/keystone-manage.log)"
  fi
  spawn keystone uwsgi --ini "$E/keystone-uwsgi.ini"
  wait_http "$KEYSTONE_URL"
  if [ ! -e "$D/keystone-setup.done" ]; then
    KS_URL=$KEYSTONE_URL KS_PW=$PW $PY "$HERE/scripts/keystone-setup.py" >"$L/keystone-setup.log" 2>&1 ||
      die "keystone setup failed (log: $L/keystone-setup.log)"
    touch "$D/keystone-setup.done"
  fi
  log "keystone up (catalog, service users, projects demo and alt_demo)"
}

write_client_config() {
  local cloud user project
  {
    echo "# Written by test/openstack/cloud.sh: the Karbor test cloud on $HOST"
    echo "clouds:"
    for cloud in admin demo alt_demo karbor; do
      user=$cloud project=$cloud
      if [ "$cloud" = karbor ]; then project=service; fi
      cat <<EOF
  $cloud:
    auth:
      auth_url: $KEYSTONE_URL
      username: $user
      password: $PW
      project_name: $project
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOF
    done
  } >"$E/clouds.yaml"
  for cloud in admin demo alt_demo karbor; do
    user=$cloud project=$cloud
    if [ "$cloud" = karbor ]; then project=service; fi
    cat >"$E/$cloud-openrc" <<EOF
export OS_AUTH_URL=$KEYSTONE_URL OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne OS_INTERFACE=public
export OS_USERNAME=$user OS_PASSWORD=$PW OS_PROJECT_NAME=$project
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default
unset OS_CLOUD OS_TOKEN OS_AUTH_TYPE
EOF
  done
}
