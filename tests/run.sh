#!/usr/bin/env bash
# The test command of ScaleSets.Core: installs what the tests need, runs every test in the solution,
# and ends with one line "tests: N passed, N failed[, N skipped]".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '[tests/run.sh] %s\n' "$*" >&2; }

# --- prerequisites -----------------------------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
  log "dotnet SDK not found on PATH; install the .NET 10 SDK first"
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Local dotnet tools (PowerShell for the Hyper-V script tests, when present in the manifest).
if [ -f .config/dotnet-tools.json ] && grep -q '"commands"' .config/dotnet-tools.json; then
  log "restoring local dotnet tools"
  dotnet tool restore >&2 || log "dotnet tool restore failed"
fi

# HAProxy for the HAProxy adapter's integration tests, Prometheus and node_exporter for the Prometheus source's,
# PostgreSQL for the run history's PostgreSQL store and the Orleans cluster tests (tests/ScaleSets.Testing and
# tests/ScaleSets.Orleans.Tests start it in a temp dir), Chromium for the dashboard's browser tests
# (Debian's packages; CI runs as root).
missing=()
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
# Chromium for the dashboard's browser tests (tests/ScaleSets.AspNetCore.Tests, category Browser).
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]} with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2 \
      || log "apt-get could not install ${missing[*]}; their tests will fail and say how to install them"
  else
    log "${missing[*]} missing and cannot be installed here (needs root and apt-get): sudo apt-get install -y ${missing[*]}"
  fi
fi

# --- build and test ----------------------------------------------------------------------------
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

log "building"
if ! dotnet build ScaleSets.Core.sln -c Release -nologo -v quiet >"$results/build.log" 2>&1; then
  cat "$results/build.log" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

log "running tests"
# Tests against a real Windows Hyper-V host are opt-in (category HyperVHost, see src/ScaleSets.HyperV/README.md).
dotnet test ScaleSets.Core.sln -c Release --no-build -nologo --filter "TestCategory!=HyperVHost" \
  --logger "trx" --results-directory "$results" >&2
test_exit=$?

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  found=1
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get total); x=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done

if [ "$found" -eq 0 ] || { [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  log "the test run ended with exit code $test_exit without a per-test failure; counting it as one failure"
  failed=$((failed + 1))
fi

line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
