#!/bin/sh
# Applies the connector configs in /etc/driftwatch/connectors to the Connect worker (idempotent PUTs).
# A connector is applied only when its secret is given in the environment, which replaces REPLACE_ME:
#   SLACK_WEBHOOK_URL -> slack.json, DISCORD_WEBHOOK_URL -> webhook-discord.json,
#   TEAMS_WEBHOOK_URL -> webhook-teams.json, TELEGRAM_WEBHOOK_URL -> webhook-telegram.json,
#   SMTP_PASSWORD -> email.json. Secrets are never echoed.
set -eu
connect="${CONNECT_URL:-http://connect:8083}"
until curl -fsS "$connect/connectors" > /dev/null 2>&1; do sleep 2; done
apply() { # file secret
  file="/etc/driftwatch/connectors/$1"
  [ -n "$2" ] || { echo "skip $1 (no secret set)"; return 0; }
  name=$(sed -n 's/^ *"name": *"\([^"]*\)".*/\1/p' "$file")
  # the PUT body is the "config" object of the file, with the secret in place of REPLACE_ME
  body=$(sed -e '1,/"config": *{/d' -e '$d' "$file" | sed -e '$d' | sed "s|https://[^\"]*REPLACE_ME[^\"]*|$2|; s|REPLACE_ME|$2|")
  printf '{%s}' "$body" | curl -fsS -X PUT -H 'Content-Type: application/json' --data @- "$connect/connectors/$name/config" > /dev/null
  echo "applied $name"
}
apply slack.json "${SLACK_WEBHOOK_URL:-}"
apply webhook-discord.json "${DISCORD_WEBHOOK_URL:-}"
apply webhook-teams.json "${TEAMS_WEBHOOK_URL:-}"
apply webhook-telegram.json "${TELEGRAM_WEBHOOK_URL:-}"
apply email.json "${SMTP_PASSWORD:-}"
