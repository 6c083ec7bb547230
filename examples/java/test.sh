#!/usr/bin/env bash
# Runs the Java example's JUnit tests against the jar that `npx projen package:java` built into dist/java.
# The jar is installed into the local Maven repository first, over any earlier build of the same version:
# Maven never downloads a release it already holds again, so a jar served from a file repository would stay
# the first one ever built. aws-cdk-lib, constructs and JUnit come from Maven Central (pom.xml).
# The JUnit reports go to test-reports/java/.
#
#   examples/java/test.sh          (npx projen examples:java)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
version=$(node -p "require('$root/package.json').version")
dir="$root/dist/java/io/github/cdk-hybrid-connectivity/cdk-hybrid-connectivity/$version"
jar="$dir/cdk-hybrid-connectivity-$version.jar"
[ -f "$jar" ] || { echo "examples/java: ${jar#"$root"/} does not exist: run 'npx projen compile' and 'npx projen package:java'" >&2; exit 1; }

mvn -B -ntp -q org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file \
  -Dfile="$jar" -DpomFile="$dir/cdk-hybrid-connectivity-$version.pom"
rm -rf "$root/test-reports/java" target/cdk.out
mvn -B -ntp -q -Dcdk-hybrid-connectivity.version="$version" test "$@"

python3 - "$root/test-reports/java" <<'PY'
import pathlib, sys, xml.etree.ElementTree as ET
suites = [ET.parse(p).getroot() for p in sorted(pathlib.Path(sys.argv[1]).glob('TEST-*.xml'))]
count = lambda key: sum(int(s.get(key, 0)) for s in suites)
print(f"examples/java: {count('tests')} JUnit tests in {len(suites)} classes, "
      f"{count('failures') + count('errors')} failed, {count('skipped')} skipped")
PY
