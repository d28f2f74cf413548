# shellcheck shell=bash
# MariaDB (private datadir) and RabbitMQ (with its own epmd), both on 127.0.0.1 only.

start_mariadb() {
  mkdir -p "$D/mysql" "$R/mysql"
  chown mysql:mysql "$D/mysql" "$R/mysql"
  cat >"$E/my.cnf" <<EOF
[mysqld]
user = mysql
datadir = $D/mysql
socket = $R/mysql/mysqld.sock
pid-file = $R/mysql/mysqld.pid
bind-address = $HOST
port = 3306
log-error = $L/mysqld.err
skip-name-resolve
innodb_buffer_pool_size = 128M
innodb_flush_log_at_trx_commit = 2
max_connections = 1000
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
[client]
socket = $R/mysql/mysqld.sock
EOF
  if [ ! -d "$D/mysql/mysql" ]; then
    mariadb-install-db --defaults-file="$E/my.cnf" --auth-root-authentication-method=socket \
      >"$L/mysql-install.log" 2>&1
  fi
  spawn mariadbd mariadbd --defaults-file="$E/my.cnf"
  for _ in $(seq 120); do
    mariadb --defaults-file="$E/my.cnf" -e 'select 1' >/dev/null 2>&1 && break
    sleep 0.5
  done
  mariadb --defaults-file="$E/my.cnf" <<EOF
CREATE USER IF NOT EXISTS 'os'@'$HOST' IDENTIFIED BY '$PW';
GRANT ALL PRIVILEGES ON *.* TO 'os'@'$HOST';
CREATE DATABASE IF NOT EXISTS keystone; CREATE DATABASE IF NOT EXISTS glance;
CREATE DATABASE IF NOT EXISTS cinder; CREATE DATABASE IF NOT EXISTS placement;
CREATE DATABASE IF NOT EXISTS nova_api; CREATE DATABASE IF NOT EXISTS nova;
CREATE DATABASE IF NOT EXISTS nova_cell0; CREATE DATABASE IF NOT EXISTS neutron;
EOF
  log "mariadb up"
}

start_rabbitmq() {
  mkdir -p "$D/rabbitmq" "$L/rabbitmq" "$R/rabbitmq"
  chown rabbitmq:rabbitmq "$D/rabbitmq" "$L/rabbitmq" "$R/rabbitmq"
  cat >"$E/rabbitmq-env.sh" <<EOF
export RABBITMQ_NODE_IP_ADDRESS=$HOST RABBITMQ_NODE_PORT=5672 RABBITMQ_NODENAME=rabbit@localhost
export RABBITMQ_DIST_PORT=25672 ERL_EPMD_ADDRESS=$HOST ERL_EPMD_PORT=4369
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_MNESIA_BASE=$D/rabbitmq RABBITMQ_LOG_BASE=$L/rabbitmq
export RABBITMQ_PID_FILE=$R/rabbitmq/rabbitmq.pid HOME=/var/lib/rabbitmq
EOF
  # epmd in our own session first, so rabbit does not daemonize one outside it
  spawn epmd runuser -u rabbitmq -- /bin/sh -c ". $E/rabbitmq-env.sh; exec epmd -address $HOST"
  spawn rabbitmq runuser -u rabbitmq -- /bin/sh -c ". $E/rabbitmq-env.sh; exec rabbitmq-server"
}

wait_rabbitmq() {
  runuser -u rabbitmq -- /bin/sh -c ". $E/rabbitmq-env.sh; rabbitmqctl -n rabbit@localhost wait \
    --timeout 180 $R/rabbitmq/rabbitmq.pid" >"$L/rabbitmq-wait.log" 2>&1 || die "rabbitmq did not start"
  log "rabbitmq up"
}

stop_base() {
  if alive rabbitmq; then
    runuser -u rabbitmq -- /bin/sh -c ". $E/rabbitmq-env.sh; rabbitmqctl -n rabbit@localhost stop" \
      >/dev/null 2>&1 || true
  fi
  stop_sessions rabbitmq epmd mariadbd
}
