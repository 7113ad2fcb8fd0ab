#!/usr/bin/env bash
# manage.py as the services run it: as user quehuong, with /etc/quehuong/env.
#
#   /srv/quehuong/app/deploy/manage.sh migrate
#   /srv/quehuong/app/deploy/manage.sh verify_restore --against fingerprint.json
set -euo pipefail

ENV_FILE=${ENV_FILE:-/etc/quehuong/env}
APP_DIR=${APP_DIR:-/srv/quehuong/app}
PYTHON=${PYTHON:-/srv/quehuong/venv/bin/python}
SERVICE_USER=${SERVICE_USER:-quehuong}

if [[ $(id -un) != "$SERVICE_USER" ]]; then
    exec runuser -u "$SERVICE_USER" -- env ENV_FILE="$ENV_FILE" APP_DIR="$APP_DIR" \
        PYTHON="$PYTHON" SERVICE_USER="$SERVICE_USER" "$0" "$@"
fi
set -a
# shellcheck source=/dev/null
. "$ENV_FILE"
set +a
cd "$APP_DIR"
exec "$PYTHON" manage.py "$@"
