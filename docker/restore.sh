#!/usr/bin/env bash
# Restore a backup made by backup.sh: restore.sh newsroom-20260101T030000Z (or "latest").
#
# The database becomes exactly the backup, in a single transaction: if anything fails,
# nothing changed. Media files from the backup are put back; newer uploads stay.
# Same variables as backup.sh. Stop the web service first (make restore does).
set -euo pipefail
# Backups hold every account's password hash: readable by their owner only.
umask 077

: "${PGDATABASE:?PGDATABASE is not set: which database should be restored?}"
backup_dir=${BACKUP_DIR:-/backups}
media_dir=${MEDIA_DIR:-}
wanted=${1:?usage: restore.sh <backup name, e.g. newsroom-20260101T030000Z, or latest>}

if [ "$wanted" = latest ]; then
    # Names sort by time, so the last one is the newest.
    dump=$(find "$backup_dir" -maxdepth 1 -name 'newsroom-*.dump' | sort | tail -n 1)
else
    name=$(basename "$wanted" .dump)
    dump="$backup_dir/$name.dump"
fi
if [ -z "$dump" ] || [ ! -f "$dump" ]; then
    echo "newsroom: no backup '$wanted' in $backup_dir. Available:" >&2
    find "$backup_dir" -maxdepth 1 -name 'newsroom-*.dump' -printf '  %f\n' | sort >&2
    exit 1
fi
media="${dump%.dump}-media.tar.gz"

echo "newsroom: restoring $dump into database $PGDATABASE"
# The whole archive is turned into SQL before anything is touched: a damaged file stops
# here, not halfway through the restore.
sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
{
    # Dropping the schema first removes tables the backup does not know (say, from a
    # newer release), so the restored data and its migration history agree.
    echo "DROP SCHEMA public CASCADE;"
    echo "CREATE SCHEMA public;"
    pg_restore --no-owner --no-privileges --file=- "$dump"
} >"$sql"
psql --quiet --no-psqlrc --set=ON_ERROR_STOP=1 --single-transaction --file="$sql" >/dev/null

if [ -n "$media_dir" ] && [ -f "$media" ]; then
    mkdir -p "$media_dir"
    tar --extract --gzip --file="$media" --directory="$media_dir"
    echo "newsroom: media restored from $media"
fi
echo "newsroom: restore complete"
