# shellcheck shell=bash
# Shared settings and helpers for the test cloud scripts. Sourced by cloud.sh only.
# Every daemon is started by `spawn` in its own session (setsid), so `stop_sessions` can end the
# daemon and every child it forked by session id, and check with ps that none is left.

STATE=${KARBOR_TESTCLOUD_DIR:-/var/lib/karbor-testcloud}
E=$STATE/etc L=$STATE/log D=$STATE/data R=$STATE/run
PY=/usr/bin/python3 # Debian's python: a pyenv python3 earlier on PATH lacks the OpenStack modules
PW=${KARBOR_TESTCLOUD_PASSWORD:-secret}
HOST=127.0.0.1
KEYSTONE_URL=http://$HOST:5000/v3
DB="mysql+pymysql://os:$PW@$HOST"
RABBIT="rabbit://guest:guest@$HOST:5672/"
CEPH_DIR=$D/ceph
T_START=$(date +%s.%N)

log() { printf '[%6.1fs] %s\n' "$(echo "$(date +%s.%N) - $T_START" | bc)" "$*"; }
die() {
  echo "cloud: $*" >&2
  exit 1
}

wait_http() { # url [tries of 0.5 s]
  local code
  for _ in $(seq "${2:-360}"); do
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true)
    case $code in 2* | 3* | 401) return 0 ;; esac
    sleep 0.5
  done
  die "timeout waiting for $1 (logs: $L)"
}

once() { # name cmd... : run a set-up step (db sync) only on the first start of this state dir
  local marker=$D/.done-$1
  shift
  if [ -e "$marker" ]; then return 0; fi
  "$@" && touch "$marker"
}

alive() { [ -s "$R/$1.pid" ] && kill -0 "$(cat "$R/$1.pid")" 2>/dev/null; }

spawn() { # name cmd... : run a daemon in the foreground of its own session, remember its pid
  local name=$1
  shift
  if alive "$name"; then return 0; fi
  setsid "$@" >"$L/$name.stdout" 2>&1 </dev/null &
  echo $! >"$R/$name.pid"
}

session_pids() { # sid... -> pids of every process in those sessions
  [ $# -gt 0 ] || return 0
  ps -eo pid=,sid= | awk -v s=" $* " 'index(s, " " $2 " ") { print $1 }'
}

stop_sessions() { # name... : TERM each session, wait up to 15 s, then KILL what is left
  local sids="" n p
  for n in "$@"; do [ -s "$R/$n.pid" ] && sids="$sids $(cat "$R/$n.pid")"; done
  if [ -z "$sids" ]; then return 0; fi
  for p in $sids; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 60); do
    # shellcheck disable=SC2086
    [ -z "$(session_pids $sids)" ] && break
    sleep 0.25
  done
  # shellcheck disable=SC2086
  for p in $(session_pids $sids); do kill -KILL "$p" 2>/dev/null || true; done
  for n in "$@"; do rm -f "$R/$n.pid"; done
}

uwsgi_ini() { # ini-file port wsgi-file log-file env... : a WSGI API under uwsgi on $HOST:port
  local ini=$1 port=$2 wsgi=$3 logfile=$4 env
  shift 4
  {
    printf '[uwsgi]\nplugins = python3\nhttp-socket = %s:%s\nwsgi-file = %s\n' "$HOST" "$port" "$wsgi"
    # keep-alive clients (python requests) get resets from uwsgi's http-socket otherwise
    echo 'add-header = Connection: close'
    for env in "$@"; do echo "env = $env"; done
    printf 'master = true\nprocesses = 1\nthreads = 4\nlazy-apps = true\ndie-on-term = true\n'
    printf 'enable-threads = true\nbuffer-size = 65535\nlogto = %s\n' "$logfile"
  } >"$ini"
}

auth_section() { # user -> password auth options for a service user in project "service"
  cat <<EOF
auth_url = http://$HOST:5000
auth_type = password
project_domain_id = default
user_domain_id = default
project_name = service
username = $1
password = $PW
EOF
}

ks_authtoken() { # user -> [keystone_authtoken] section
  printf '[keystone_authtoken]\nwww_authenticate_uri = http://%s:5000\n' "$HOST"
  auth_section "$1"
}
