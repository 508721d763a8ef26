#!/usr/bin/env bash
# A read replica on this machine: a second PostgreSQL cluster ("replica",
# port 5433) streaming from the main one (port 5432), for the reports
# (REPLICA_DATABASE_URL, see portal/routers.py) and for testing that path.
#
#   deploy/replica.sh          create and start it (does nothing if it is running)
#   deploy/replica.sh --drop   stop and remove it
#
# Then: REPLICA_DATABASE_URL=postgresql://postgres@127.0.0.1:5433/<same database name>
# (every database of the primary is on the replica: it is a copy of the cluster).
#
# It allows replication connections from 127.0.0.1 on the primary (one line in
# its pg_hba.conf, then a reload), copies the primary with pg_basebackup -R
# (which writes primary_conninfo and standby.signal) and starts the copy as a
# hot standby. No replication slot: a standby left behind on a development
# machine must not make the primary keep WAL forever; a production standby
# uses one (pg_basebackup -C -S NAME) and monitoring of its lag.
set -euo pipefail
VERSION=${PG_VERSION:-$(ls /etc/postgresql | sort -V | tail -n1)}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
NAME=${REPLICA_CLUSTER:-replica}
DATA=/var/lib/postgresql/$VERSION/$NAME
PRIMARY_HBA=/etc/postgresql/$VERSION/main/pg_hba.conf
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

if [ "${1:-}" = --drop ]; then
  if pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$VERSION $NAME"; then
    pg_dropcluster --stop "$VERSION" "$NAME"
    echo "Dropped the replica cluster $VERSION/$NAME"
  else
    echo "No replica cluster $VERSION/$NAME"
  fi
  exit 0
fi

if pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" && \
   [ "$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -tAc 'select pg_is_in_recovery()')" = t ]; then
  echo "The replica on port $REPLICA_PORT is running and streaming:"
  psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -c \
    "select client_addr, state, sent_lsn, replay_lsn, replay_lag from pg_stat_replication"
  exit 0
fi

if ! pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT"; then
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start
fi
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$PRIMARY_HBA"; then
  echo "host replication all 127.0.0.1/32 trust  # deploy/replica.sh: the local read replica" >> "$PRIMARY_HBA"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main reload
  echo "Allowed replication connections from 127.0.0.1 in $PRIMARY_HBA"
fi

if pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$VERSION $NAME"; then
  pg_dropcluster --stop "$VERSION" "$NAME"
fi
pg_createcluster "$VERSION" "$NAME" --port "$REPLICA_PORT" >/dev/null
# Readers connect to the replica as they connect to the primary.
cp "$PRIMARY_HBA" "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"
rm -rf "${DATA:?}"/*
echo "Copying the primary (port $PRIMARY_PORT) into $DATA"
as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -w -D "$DATA" -R -X stream -c fast
# The replica's own settings (port, paths) live in /etc/postgresql/$VERSION/$NAME, not in the copy.
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" && break; sleep 0.2; done
echo "Replica running on port $REPLICA_PORT, in recovery: $(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -tAc 'select pg_is_in_recovery()')"
echo "Use REPLICA_DATABASE_URL=postgresql://postgres@127.0.0.1:$REPLICA_PORT/<database>"
