#!/usr/bin/env bash
# Load comparison against Keycloak 26 on this machine, in one run (issue 3's benchmark): password logins,
# refreshes with rotation and client-credentials grants over loopback, Bulwark configured with Keycloak's
# Argon2id parameters (m=7168 KiB, t=5, p=1), and the raw Argon2id rate measured in the same run.
#
#   bulwark-bench/load-vs-keycloak.sh [SECONDS]     prints a Markdown table
#
# Needs ../shared/tools/keycloak-baseline.sh beside the repository. Both servers run on loopback and are stopped
# at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=${1:-20}
. "$root/.mvn/find-jdk.sh"
bulwark_find_jdk

baseline="$root/../shared/tools/keycloak-baseline.sh"
[[ -x $baseline ]] || { echo "missing $baseline" >&2; exit 1; }
(cd "$root" && ./mvnw -q -B -DskipTests -Dspotbugs.skip=true -Dcyclonedx.skip=true \
    -pl bulwark-server,bulwark-bench -am package)

work=$(mktemp -d)
bulwark_pid=
cleanup() {
  [[ -n $bulwark_pid ]] && kill "$bulwark_pid" 2>/dev/null || true
  "$baseline" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

export BULWARK_DATA_DIR="$work/data" BULWARK_SERVER_PORT=18080 BULWARK_LOGGING_LEVEL=warn \
  BULWARK_PASSWORDS_ARGON2_MEMORY_KIB=7168 BULWARK_PASSWORDS_ARGON2_ITERATIONS=5 \
  BULWARK_PASSWORDS_ARGON2_PARALLELISM=1
cli() { "$root/bulwark" "$@"; }
printf '%s' 'Corr3ct-Horse-Battery' | cli user create alice --password-stdin >/dev/null
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
"$baseline" start 8180 >&2
keycloak_pid=$(cat "${KEYCLOAK_BASELINE_DIR:-${TMPDIR:-/tmp}/keycloak-baseline}/pid")
# kc.sh starts the JVM as a child: measure the java process itself.
keycloak_java=$(pgrep -P "$keycloak_pid" java || echo "$keycloak_pid")

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$root/bulwark-bench/target/benchmarks.jar" \
  dev.bulwark.bench.LoadComparison --bulwark http://127.0.0.1:18080 --keycloak http://127.0.0.1:8180 \
  --bulwark-pid "$bulwark_pid" --keycloak-pid "$keycloak_java" --bulwark-svc-secret "$svc_secret" \
  --seconds "$seconds" --warmup 20
