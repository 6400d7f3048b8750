#!/usr/bin/env bash
# Take a backup: the database as a pg_dump archive and the uploaded media as a tarball,
# both named newsroom-<UTC time> in BACKUP_DIR. Files appear only once complete.
#
# Connection: the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE.
# BACKUP_DIR (default /backups), MEDIA_DIR (uploads; skipped when unset or absent),
# BACKUP_KEEP_DAYS (delete backups older than this; 0 keeps everything).
set -euo pipefail
# Backups hold every account's password hash: readable by their owner only.
umask 077

: "${PGDATABASE:?PGDATABASE is not set: which database should be backed up?}"
backup_dir=${BACKUP_DIR:-/backups}
media_dir=${MEDIA_DIR:-}
keep_days=${BACKUP_KEEP_DAYS:-0}

name="newsroom-$(date -u +%Y%m%dT%H%M%SZ)"
dump="$backup_dir/$name.dump"
media="$backup_dir/$name-media.tar.gz"
mkdir -p "$backup_dir"
trap 'rm -f "$dump.partial" "$media.partial"' EXIT

# Custom format: compressed, and pg_restore can read it back selectively if ever needed.
pg_dump --format=custom --file="$dump.partial"
mv "$dump.partial" "$dump"
echo "newsroom: database saved to $dump"

if [ -n "$media_dir" ] && [ -d "$media_dir" ]; then
    tar --create --gzip --file="$media.partial" --directory="$media_dir" .
    mv "$media.partial" "$media"
    echo "newsroom: media saved to $media"
fi

if [ "$keep_days" -gt 0 ]; then
    find "$backup_dir" -maxdepth 1 -type f -name 'newsroom-*' -mtime +"$keep_days" -print -delete
fi
