#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring,
# so keytar talks to a real Secret Service without touching the user's own keyring.
# Elsewhere than Linux the OS keychain is always there: run the command as it is.
set -eu
if [ "$(uname -s)" != "Linux" ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is missing. On Debian/Ubuntu: apt-get install dbus gnome-keyring" >&2
    exit 1
  fi
done
keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/depesche-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- sh -c '
  printf "depesche-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keyring "$@"
