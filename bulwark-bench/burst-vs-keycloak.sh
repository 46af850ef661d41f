#!/usr/bin/env bash
# Bursts of many concurrent connections against Bulwark and Keycloak 26 on this machine, in one run (issue 20):
# client credentials, refresh with rotation and password sign-in, at each burst size, with Bulwark configured with
# Keycloak's Argon2id parameters (m=7168 KiB, t=5, p=1) and started by its own launcher (its real memory settings).
#
#   bulwark-bench/burst-vs-keycloak.sh [SECONDS] [CONNECTIONS] [SCENARIOS]    prints a Markdown table
#   e.g. burst-vs-keycloak.sh 15 100,1000,5000 client_credentials,refresh,login
# Each burst is set against runs of 8 connections just before and just after it (the machine's speed drifts).
#
# Needs ../shared/tools/keycloak-baseline.sh beside the repository (BURST_ONLY=bulwark skips Keycloak). Clients wait
# as a 503's Retry-After asks, as the SDK does; BURST_RETRY_AFTER=ignore makes them send the next request at once.
# Both servers run on loopback and are stopped at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=${1:-15}
connections=${2:-100,1000,5000}
scenarios=${3:-client_credentials,refresh,login}
. "$root/.mvn/find-jdk.sh"
bulwark_find_jdk

baseline="$root/../shared/tools/keycloak-baseline.sh"
with_keycloak=true
[[ ${BURST_ONLY:-} == bulwark ]] && with_keycloak=false
$with_keycloak && { [[ -x $baseline ]] || { echo "missing $baseline" >&2; exit 1; }; }
(cd "$root" && ./mvnw -q -B -DskipTests -Dspotbugs.skip=true -Dcyclonedx.skip=true \
    -pl bulwark-server,bulwark-bench -am package)

work=$(mktemp -d)
bulwark_pid=
cleanup() {
  [[ -n $bulwark_pid ]] && kill "$bulwark_pid" 2>/dev/null || true
  $with_keycloak && { "$baseline" stop >/dev/null 2>&1 || true; }
  rm -rf "$work"
}
trap cleanup EXIT

export BULWARK_DATA_DIR="$work/data" BULWARK_SERVER_PORT=18080 BULWARK_LOGGING_LEVEL=warn \
  BULWARK_PASSWORDS_ARGON2_MEMORY_KIB=7168 BULWARK_PASSWORDS_ARGON2_ITERATIONS=5 \
  BULWARK_PASSWORDS_ARGON2_PARALLELISM=1
cli() { "$root/bulwark" "$@"; }
for i in 0 1 2 3 4 5 6 7; do
  printf '%s' 'Corr3ct-Horse-Battery' | cli user create "user$i" --password-stdin >/dev/null
done
cli app create --type native --client-id mobile --first-party --redirect-uri com.example.app:/cb \
  --scope openid >/dev/null
svc_secret=$(cli app create --type service --client-id svc --scope bench --json \
  | sed -n 's/.*"client_secret" *: *"\([^"]*\)".*/\1/p')

"$root/bulwark" serve >"$work/bulwark.log" 2>&1 &
bulwark_pid=$!
for _ in $(seq 1 60); do
  curl -sf http://127.0.0.1:18080/health/ready >/dev/null 2>&1 && break
  sleep 0.5
done
keycloak=()
if $with_keycloak; then
  "$baseline" start 8180 >&2
  keycloak_pid=$(cat "${KEYCLOAK_BASELINE_DIR:-${TMPDIR:-/tmp}/keycloak-baseline}/pid")
  keycloak_java=$(pgrep -P "$keycloak_pid" java || echo "$keycloak_pid")
  keycloak=(--keycloak http://127.0.0.1:8180 --keycloak-pid "$keycloak_java")
fi

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$root/bulwark-bench/target/benchmarks.jar" \
  dev.bulwark.bench.BurstLoad --bulwark http://127.0.0.1:18080 --bulwark-pid "$bulwark_pid" \
  --bulwark-svc-secret "$svc_secret" "${keycloak[@]}" --seconds "$seconds" --connections "$connections" \
  --scenarios "$scenarios" --warmup "${BURST_WARMUP:-20}" --retry-after "${BURST_RETRY_AFTER:-honour}"
if grep -q OutOfMemoryError "$work/bulwark.log"; then
  echo "Bulwark ran out of memory:" >&2
  grep -m3 OutOfMemoryError "$work/bulwark.log" >&2
fi
kill -0 "$bulwark_pid" 2>/dev/null || echo "Bulwark is no longer running" >&2
