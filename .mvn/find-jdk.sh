# Sourced by ./mvnw, ./bulwark and .ci/run (some under `set -eu`): points JAVA_HOME at a JDK 21 or newer.
# Order: JAVA_HOME when it is 21+, then the `java` on PATH, then the JDKs installed in the usual places
# (newest first). Fails with one clear line when none is found.

bulwark_jdk_major() {
  # Reads the major version from the JDK's `release` file, so no JVM has to start. Prints nothing for a
  # directory that is not a JDK; always succeeds, so that callers running under `set -e` carry on.
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)
  if [ -n "$v" ] && [ -x "$1/bin/java" ]; then
    echo "$v"
  fi
  return 0
}

bulwark_find_jdk() {
  local want=21 home major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(bulwark_jdk_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then export JAVA_HOME; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    major=$(bulwark_jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then export JAVA_HOME="$home"; return 0; fi
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] || continue
    major=$(bulwark_jdk_major "$home")
    if [ -n "$major" ] && [ "$major" -ge "$want" ] && [ "$major" -gt "$best_major" ]; then
      best="$home"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then export JAVA_HOME="$best"; return 0; fi
  echo "bulwark: no JDK $want or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks); install one or set JAVA_HOME" >&2
  return 1
}
