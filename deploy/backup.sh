#!/usr/bin/env bash
# Back up Quê Hương: the database, its fingerprint, the public media and the private media.
#
#   deploy/backup.sh [DESTINATION]     (run by quehuong-backup.timer, daily, as user quehuong)
#
# Each run makes DESTINATION/<UTC time>/ with
#   database.dump      pg_dump -Fc (custom format: pg_restore can restore it into any database)
#   fingerprint.json   counts and checksums of that very dump (`manage.py verify_restore`), no
#                      personal values: after a restore, `verify_restore --against` compares
#   media.tar.gz       MEDIA_ROOT (pictures, documents, renditions)
#   private.tar.gz     PRIVATE_MEDIA_ROOT (scans of consents given on paper)
#   SHA256SUMS         to check the copies were not damaged on the way
# and deletes runs older than BACKUP_KEEP_DAYS. The dump comes first, then the files: a file
# uploaded meanwhile is in the tarball without its row (harmless), never the reverse.
#
# The backups hold every member's personal data: keep DESTINATION readable by this user only
# (the script makes it 0700) and copy it off the machine encrypted (README, "Backups").
set -euo pipefail

ENV_FILE=${ENV_FILE:-/etc/quehuong/env}
if [[ -r $ENV_FILE ]]; then
    set -a
    # shellcheck source=/dev/null
    . "$ENV_FILE"
    set +a
fi
APP_DIR=${APP_DIR:-/srv/quehuong/app}
PYTHON=${PYTHON:-/srv/quehuong/venv/bin/python}
DESTINATION=${1:-${BACKUP_DIR:-/var/backups/quehuong}}
KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
: "${DATABASE_URL:?DATABASE_URL must be set (in $ENV_FILE)}"
: "${MEDIA_ROOT:?MEDIA_ROOT must be set (in $ENV_FILE)}"
: "${PRIVATE_MEDIA_ROOT:?PRIVATE_MEDIA_ROOT must be set (in $ENV_FILE)}"

umask 077
mkdir -p "$DESTINATION"
chmod 0700 "$DESTINATION"
RUN="$DESTINATION/$(date -u +%Y-%m-%dT%H%M%SZ)"
PARTIAL="$RUN.partial"
mkdir "$PARTIAL"
trap 'rm -rf "$PARTIAL"' EXIT

cd "$APP_DIR"
"$PYTHON" manage.py verify_restore --write "$PARTIAL/fingerprint.json" --dump "$PARTIAL/database.dump"
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -czf "$PARTIAL/media.tar.gz" .
tar -C "$PRIVATE_MEDIA_ROOT" -czf "$PARTIAL/private.tar.gz" .
(cd "$PARTIAL" && sha256sum database.dump fingerprint.json media.tar.gz private.tar.gz > SHA256SUMS)
mv "$PARTIAL" "$RUN"   # complete runs only: a failed one leaves nothing behind
trap - EXIT
echo "Backup written to $RUN ($(du -sh "$RUN" | cut -f1))"

# Retention: complete runs older than KEEP_DAYS days, and never the one just made.
find "$DESTINATION" -mindepth 1 -maxdepth 1 -type d -name '20*Z' -mtime "+$KEEP_DAYS" \
    ! -path "$RUN" -print -exec rm -rf {} +
