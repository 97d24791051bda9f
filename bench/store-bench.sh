#!/usr/bin/env bash
# The call-record store alone, over the event bus (src/test/java/io/switchboard/storage/StoreBench.java):
#   bench/store-bench.sh [h2|postgres] [SECONDS] [SENDERS] [fresh|calls]
# Set JAVA_OPTS for a profile, e.g. JAVA_OPTS=-XX:StartFlightRecording=filename=store.jfr
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
classpath_file=target/store-bench.classpath
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"
exec java ${JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  io.switchboard.storage.StoreBench "$@"
