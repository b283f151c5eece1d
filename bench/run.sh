#!/usr/bin/env bash
# Benchmark: the proxy (real fat jar, pinned to core 0) against the same load sent straight to a fast fake Factory
# (the limit; fake and load generators pinned to core 1). Not part of `mvn verify`. Prints a table and writes it to
# target/bench/results.md. See README.md, "Benchmark".
#
#   bench/run.sh                 # full run, about 18 minutes
#   QUICK=1 bench/run.sh         # smoke run, about 1 minute
#   PROFILE=1 bench/run.sh       # runs the proxy under JFR and summarises the 64-connection runs
#                                # (target/bench/profile-{ns,st}-top.txt; JFR costs the proxy some throughput)
#
# Parameters (env): DURATION (s per wrk run, 10), WARMUP (s per mode, 60: on one core the JIT competes with the load for a minute or more), CONNECTIONS (64), STARTS (start-up samples, 3),
#   SOAK_STREAMS (9000), SOAK_SECONDS (60), SOAK_MIN_MS / SOAK_MAX_MS (delta interval, 2000 / 2000: issue 16's 30 deltas at 2 s),
#   SOAK_RAMP (streams opened per second, 300: 9,000 streams open over 30 s), STALL_MS (1000),
#   PROXY_JAVA_OPTS (JVM flags added to the launcher's, none), LAUNCH (launcher: the README's run command,
#   deploy/factory-proxy, which picks the JDK, the flags and the start-up cache; plain: `java $PROXY_JAVA_OPTS -jar`),
#   FACTORY_PROXY_JAVA (the launcher's JDK, by default the newest it finds), CDS (1: the launcher's start-up cache;
#   0: none), CURVE_SECONDS (30: the warm-up curves, req/s per CURVE_STEP s (2) from the first answer of a fresh
#   start; 0 skips them), HTTP_INSTANCES / UPSTREAM_INSTANCES /
#   TRANSLATOR_INSTANCES (1 / 1 / 1), LOG_LEVEL (the shipped INFO), PROXY_PORT (18000), FAKE_PORT (18100),
#   SKIP_BUILD=1 (reuse target/), SOAK=0 (skip the long-stream run), SOAK_DIRECT=0 (skip its direct baseline), CLAUDE=0 (skip the Chat → Claude runs),
#   STARTS=0 (skip the start-up samples), DIALECTS=0 (skip the dialect rows: Chat → Messages (the reference),
#   Chat → Responses (gpt-5.4), Chat → Chat (glm-5), Messages and Responses pass-through, each at CONNECTIONS,
#   non-streaming and streaming, after DIALECT_WARMUP s (30) of warm-up on that pair and mode; PAIRS="chat-messages
#   responses-pt" runs only the pairs named).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/target/bench
mkdir -p "$OUT"

QUICK=${QUICK:-0}
if [[ $QUICK == 1 ]]; then
  DURATION=${DURATION:-3}; WARMUP=${WARMUP:-3}; STARTS=${STARTS:-1}
  SOAK_STREAMS=${SOAK_STREAMS:-300}; SOAK_SECONDS=${SOAK_SECONDS:-8}
fi
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-64}
STARTS=${STARTS:-3}
SOAK_STREAMS=${SOAK_STREAMS:-9000}
SOAK_SECONDS=${SOAK_SECONDS:-60}
SOAK_MIN_MS=${SOAK_MIN_MS:-2000}
SOAK_MAX_MS=${SOAK_MAX_MS:-2000}
SOAK_RAMP=${SOAK_RAMP:-300}
STALL_MS=${STALL_MS:-1000}
CDS=${CDS:-1}
PROFILE=${PROFILE:-0}
SOAK=${SOAK:-1}
SOAK_DIRECT=${SOAK_DIRECT:-1}
CLAUDE=${CLAUDE:-1}
DIALECTS=${DIALECTS:-1}
if [[ $QUICK == 1 ]]; then DIALECT_WARMUP=${DIALECT_WARMUP:-3}; fi
DIALECT_WARMUP=${DIALECT_WARMUP:-30}
PROXY_PORT=${PROXY_PORT:-18000}
FAKE_PORT=${FAKE_PORT:-18100}
# The README's run command is the launcher (deploy/factory-proxy): it picks the JDK, the JVM flags and the start-up
# cache; PROXY_JAVA_OPTS are added after its flags. LAUNCH=plain measures `java $PROXY_JAVA_OPTS -jar` instead.
LAUNCH=${LAUNCH:-launcher}
PROXY_JAVA_OPTS=${PROXY_JAVA_OPTS:-}
LAUNCHER=$ROOT/deploy/factory-proxy
if [[ $QUICK == 1 ]]; then CURVE_SECONDS=${CURVE_SECONDS:-10}; fi
CURVE_SECONDS=${CURVE_SECONDS:-30}
CURVE_STEP=${CURVE_STEP:-2}
export HTTP_INSTANCES=${HTTP_INSTANCES:-1} UPSTREAM_INSTANCES=${UPSTREAM_INSTANCES:-1}
export TRANSLATOR_INSTANCES=${TRANSLATOR_INSTANCES:-1} LOG_LEVEL=${LOG_LEVEL:-INFO}
# Never inherit a JAVA_TOOL_OPTIONS: the flags under test are PROXY_JAVA_OPTS.
unset JAVA_TOOL_OPTIONS

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in "${PIDS[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ---- tools, build, ports --------------------------------------------------------------------------------------------
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 1; }
if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [[ $(nproc --all) -lt 2 ]]; then
  echo "needs 2 cores (proxy on core 0, load generator and fake on core 1)" >&2; exit 1
fi
[[ $(ulimit -n) -lt $(ulimit -Hn) ]] && ulimit -n "$(ulimit -Hn)"
FD_LIMIT=$(ulimit -n)
if (( SOAK_STREAMS * 2 + 200 > FD_LIMIT )); then
  log "SOAK_STREAMS=$SOAK_STREAMS needs $((SOAK_STREAMS * 2 + 200)) fds in the proxy; the limit is $FD_LIMIT"
  SOAK_STREAMS=$(( (FD_LIMIT - 200) / 2 )); log "using SOAK_STREAMS=$SOAK_STREAMS"
fi
for port in "$PROXY_PORT" "$FAKE_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use; set PROXY_PORT / FAKE_PORT" >&2; exit 1
  fi
done

if [[ ${SKIP_BUILD:-0} != 1 || ! -f target/factory-proxy.jar || ! -f $OUT/classpath.txt ]]; then
  log "building target/factory-proxy.jar and the benchmark classes (src/test/java/dev/factoryproxy/bench)"
  ./mvnw -B -q package -DskipTests
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
fi
BENCH_CP="$ROOT/target/test-classes:$(cat "$OUT/classpath.txt")"
BENCH_JAVA=(java -XX:+UseSerialGC -Dlogback.configurationFile="$ROOT/bench/logback-quiet.xml" -cp "$BENCH_CP")

# The proxy's configuration: the shipped one.
cp conf/config.json "$OUT/config.json"

# The start-up cache, as the launcher makes it on a first start (and the Dockerfile at build time): one training
# run (a canned upstream in the process) records the classes, and on JDK 25 the method profiles, of start-up and
# of every dialect's requests. Made here up front so that no timed start includes it.
export FACTORY_PROXY_JAVA_OPTS=$PROXY_JAVA_OPTS FACTORY_PROXY_JAR=$ROOT/target/factory-proxy.jar
export FACTORY_PROXY_CACHE=$OUT/proxy-startup.cache
if [[ $LAUNCH == launcher && $CDS == 1 ]]; then
  log "start-up cache: training run (deploy/factory-proxy --build-cache)"
  rm -f "$FACTORY_PROXY_CACHE"
  taskset -c 0 "$LAUNCHER" --build-cache 2>&1 | tail -1 >&2
  [[ -s $FACTORY_PROXY_CACHE ]] || { cat "$FACTORY_PROXY_CACHE.log" >&2; exit 1; }
elif [[ $LAUNCH == launcher ]]; then
  FACTORY_PROXY_CACHE=off
fi

# Request bodies: OpenAI for the proxy; for the direct baseline, the Anthropic body the proxy sends for it.
PROMPT='"messages":[{"role":"user","content":"Hi"}]'
echo "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,$PROMPT}" > "$OUT/openai.json"
echo "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"stream\":true,$PROMPT}" > "$OUT/openai-stream.json"
SYSTEM='"system":[{"type":"text","text":"You are Droid, an AI software engineering agent built by Factory."}]'
AMSG='"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]'
echo "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,$SYSTEM,$AMSG}" > "$OUT/anthropic.json"
echo "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,$SYSTEM,$AMSG,\"stream\":true}" > "$OUT/anthropic-stream.json"
PROXY_URL=http://127.0.0.1:$PROXY_PORT/v1/chat/completions
FAKE_URL=http://127.0.0.1:$FAKE_PORT/v1/messages
FAKE_BASE=http://127.0.0.1:$FAKE_PORT

# The dialect rows: per pair the client's body (proxy) and the body the proxy sends Factory for it (direct, as
# captured from the proxy), for gpt-5.4 and glm-5 routed by prefix (config.Route.forModelId) and a Claude model.
DROID='You are Droid, an AI software engineering agent built by Factory.'
dialect_bodies() { # name, client body, direct body (both without the stream flag), what the direct stream adds
  echo "$2}" > "$OUT/d-$1.json"; echo "$2,\"stream\":true}" > "$OUT/d-$1-stream.json"
  echo "$3}" > "$OUT/d-$1-direct.json"; echo "$3,\"stream\":true${4:-}}" > "$OUT/d-$1-direct-stream.json"
}
dialect_bodies chat-messages "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,$PROMPT" \
  "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,$SYSTEM,$AMSG"
dialect_bodies chat-responses "{\"model\":\"gpt-5.4\",\"max_tokens\":256,$PROMPT" \
  "{\"model\":\"gpt-5.4\",\"instructions\":\"$DROID\",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Hi\"}]}],\"max_output_tokens\":256,\"store\":false,\"include\":[\"reasoning.encrypted_content\"]"
dialect_bodies chat-chat "{\"model\":\"glm-5\",\"max_tokens\":256,$PROMPT" \
  "{\"model\":\"glm-5\",\"messages\":[{\"role\":\"system\",\"content\":\"$DROID\"},{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":256" \
  ",\"stream_options\":{\"include_usage\":true}"
dialect_bodies messages-pt "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,$PROMPT" \
  "{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":256,$PROMPT,\"system\":[{\"type\":\"text\",\"text\":\"$DROID\"}]"
dialect_bodies responses-pt "{\"model\":\"gpt-5.4\",\"max_output_tokens\":256,\"input\":[{\"role\":\"user\",\"content\":\"Hi\"}]" \
  "{\"model\":\"gpt-5.4\",\"max_output_tokens\":256,\"input\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"instructions\":\"$DROID\",\"store\":false"
# pair: label | proxy path | client (wrk-post.lua BENCH_CLIENT) | direct path | direct headers (BENCH_DIRECT)
ALL_PAIRS=(
  "chat-messages|Chat client → Messages route (claude-sonnet-4-5), the reference|/v1/chat/completions|openai|/v1/messages|1"
  "chat-responses|Chat client → Responses route (gpt-5.4)|/v1/chat/completions|openai|/api/llm/o/v1/responses|responses"
  "chat-chat|Chat client → Chat route (glm-5)|/v1/chat/completions|openai|/api/llm/o/v1/chat/completions|chat"
  "messages-pt|Messages pass-through: /v1/messages → Claude (claude-sonnet-4-5)|/v1/messages|anthropic|/v1/messages|1"
  "responses-pt|Responses pass-through: /v1/responses → gpt-5.4|/v1/responses|openai|/api/llm/o/v1/responses|responses"
)
DIALECT_PAIRS=()
for pair in "${ALL_PAIRS[@]}"; do
  if [[ -z ${PAIRS:-} || " $PAIRS " == *" ${pair%%|*} "* ]]; then DIALECT_PAIRS+=("$pair"); fi
done

# ---- measuring helpers ---------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
core_busy() { awk -v c="cpu$1" '$1 == c {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }

# Samples the proxy's RSS every 200 ms into $OUT/rss.log ("epoch_ms kB") while it lives.
start_rss_sampler() {
  local pid=$1
  : > "$OUT/rss.log"
  ( while kill -0 "$pid" 2>/dev/null; do echo "$(now_ms) $(rss_kb "$pid")" >> "$OUT/rss.log"; sleep 0.2; done ) &
  PIDS+=($!)
}
rss_peak_since() { awk -v t="$1" '$1 >= t && $2 > m {m = $2} END {print m + 0}' "$OUT/rss.log"; }

wait_http() { # url, tries of 50 ms
  local i
  for ((i = 0; i < $2; i++)); do
    if curl -s -o /dev/null -m 1 "$1"; then return 0; fi
    sleep 0.05
  done
  return 1
}

FAKE_PID=
start_fake() {
  taskset -c 1 "${BENCH_JAVA[@]}" -Xms256m -Xmx1g dev.factoryproxy.bench.FakeUpstream "$FAKE_PORT" 1 \
    > "$OUT/fake.log" 2>&1 &
  FAKE_PID=$!; PIDS+=("$FAKE_PID")
  wait_http "http://127.0.0.1:$FAKE_PORT/" 200 || { cat "$OUT/fake.log" >&2; exit 1; }
}

PROXY_PID=
# Starts the proxy on core 0 with the README's command (LAUNCH=launcher) or `java -jar` (LAUNCH=plain);
# STARTUP_LAST = ms from exec to the first answered chat completion (200), STARTUP_CPU_LAST = the proxy's CPU ms
# (all threads: main, JIT compilers, GC, event loops) by then, which contention from other work on core 0 inflates
# far less than the wall time; STARTUP_T1 = when it answered (epoch ms).
start_proxy() { # extra JVM options...
  local t0 t1 code
  local -a cmd
  if [[ $LAUNCH == launcher ]]; then cmd=("$LAUNCHER"); else cmd=(java $PROXY_JAVA_OPTS "$@" -jar "$FACTORY_PROXY_JAR"); fi
  t0=$(now_ms)
  # shellcheck disable=SC2086
  PROXY_CONFIG="$OUT/config.json" ANTHROPIC_TARGET_URL=$FAKE_URL FACTORY_API_BASE=$FAKE_BASE FACTORY_API_KEY=fk-bench-fake \
    PROXY_API_KEY=sk-bench-fake PORT=$PROXY_PORT HOST=127.0.0.1 FACTORY_PROXY_JAVA_OPTS="$PROXY_JAVA_OPTS $*" \
    taskset -c 0 "${cmd[@]}" >> "$OUT/proxy.log" 2>&1 &
  PROXY_PID=$!; PIDS+=("$PROXY_PID")
  while true; do
    code=$(taskset -c 1 curl -s -o /dev/null -w '%{http_code}' -m 2 -H 'authorization: Bearer sk-bench-fake' \
      -H 'content-type: application/json' --data-binary @"$OUT/openai.json" "$PROXY_URL" || true)
    [[ $code == 200 ]] && break
    kill -0 "$PROXY_PID" 2>/dev/null || { tail -20 "$OUT/proxy.log" >&2; exit 1; }
    (( $(now_ms) - t0 > 30000 )) && { echo "proxy did not answer within 30 s" >&2; exit 1; }
    sleep 0.005
  done
  t1=$(now_ms)
  STARTUP_CPU_LAST=$(( $(cpu_ticks "$PROXY_PID") * 1000 / CLK_TCK ))
  STARTUP_LAST=$((t1 - t0)); STARTUP_T1=$t1
}
stop_proxy() {
  kill "$PROXY_PID" 2>/dev/null || true
  wait "$PROXY_PID" 2>/dev/null || true
}

to_ms() { # wrk's "635.00us" / "1.20ms" / "1.01s" → ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000;
    printf "%.3f", n }'
}

# run_wrk NAME URL BODY AUTH DIRECT CONNECTIONS SECONDS [CLIENT]
#   → sets RPS P50 P99 ERRORS CPU_PROXY CPU_FAKE CPU_CORE1 CPU_US (proxy CPU µs per request)
run_wrk() {
  local name=$1 url=$2 body=$3 auth=$4 direct=$5 conns=$6 secs=$7 client=${8:-openai} file="$OUT/wrk-$1.txt"
  local p0 f0 c1a c1b p1
  p0=$(cpu_ticks "$PROXY_PID"); f0=$(cpu_ticks "$FAKE_PID"); c1a=$(core_busy 1)
  BENCH_BODY=$body BENCH_AUTH=$auth BENCH_DIRECT=$direct BENCH_CLIENT=$client taskset -c 1 \
    wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s --latency -s "$ROOT/bench/wrk-post.lua" "$url" > "$file" 2>&1 || true
  c1b=$(core_busy 1); p1=$(cpu_ticks "$PROXY_PID")
  CPU_PROXY=$(awk -v a="$p0" -v b="$(cpu_ticks "$PROXY_PID")" -v s="$secs" -v t="$CLK_TCK" 'BEGIN {printf "%.0f", 100 * (b - a) / t / s}')
  CPU_FAKE=$(awk -v a="$f0" -v b="$(cpu_ticks "$FAKE_PID")" -v s="$secs" -v t="$CLK_TCK" 'BEGIN {printf "%.0f", 100 * (b - a) / t / s}')
  CPU_CORE1=$(echo "$c1a $c1b" | awk '{printf "%.0f", 100 * ($3 - $1) / ($4 - $2)}')
  RPS=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$file")
  P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$file")")
  P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$file")")
  ERRORS=$(awk '/Non-2xx/ {e += $NF} /Socket errors/ {gsub(",", ""); e += $4 + $6 + $8 + $10} END {print e + 0}' "$file")
  [[ -n $RPS ]] || { log "wrk $name failed:"; cat "$file" >&2; RPS=0; }
  CPU_US=$(awk -v a="$p0" -v b="$p1" -v t="$CLK_TCK" -v n="$(awk '/requests in/ {print $1}' "$file")" \
    'BEGIN {printf "%.0f", (n > 0 ? 1e6 * (b - a) / t / n : 0)}')
  [[ -n ${CURVE_QUIET:-} ]] || log "$name: ${RPS} req/s p50 ${P50} ms p99 ${P99} ms errors ${ERRORS} cpu proxy ${CPU_PROXY}% fake ${CPU_FAKE}% core1 ${CPU_CORE1}%"
}

# Summarises the proxy's JFR recording over [from, to] (epoch ms) into $OUT/NAME-top.txt.
jfr_summary() {
  taskset -c 1 "${BENCH_JAVA[@]}" dev.factoryproxy.bench.JfrTop "$OUT/proxy.jfr" 25 "$2" "$3" > "$OUT/$1-top.txt"
  log "profile: $OUT/$1-top.txt"
}
gc_totals() { # "young_count young_s full_count full_s" of the proxy
  taskset -c 1 "$PROXY_JDK_BIN/jstat" -gc "$PROXY_PID" | awk 'NR == 2 {print $(NF-6), $(NF-5), $(NF-4), $(NF-3)}'
}

# ---- run -----------------------------------------------------------------------------------------------------------
: > "$OUT/proxy.log"
log "fake upstream on core 1, port $FAKE_PORT"
start_fake

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
# What the proxy runs on: its JVM binary (the launcher picks one) and that JDK's version.
describe_jvm() {
  local exe
  exe=$(readlink "/proc/$PROXY_PID/exe" 2>/dev/null || echo java)
  PROXY_JDK_BIN=$(dirname "$exe")
  PROXY_JVM="$exe ($(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$(dirname "$PROXY_JDK_BIN")/release" 2>/dev/null))"
}
if [[ $LAUNCH == launcher ]]; then
  PROXY_LAUNCH="deploy/factory-proxy (start-up cache: $([[ $FACTORY_PROXY_CACHE == off ]] && echo off || echo on))"
else
  PROXY_LAUNCH="java -jar"
fi
[[ -n $PROXY_JAVA_OPTS ]] && PROXY_LAUNCH="$PROXY_LAUNCH, JVM flags added: $PROXY_JAVA_OPTS"

log "start-up: $STARTS start(s) of the proxy on core 0 ($PROXY_LAUNCH)"
STARTUPS=() STARTUP_CPUS=()
for ((i = 1; i <= STARTS; i++)); do
  start_proxy
  STARTUPS+=("$STARTUP_LAST"); STARTUP_CPUS+=("$STARTUP_CPU_LAST")
  stop_proxy
done
STARTUP_MS=- STARTUP_CPU_MS=-
if (( STARTS > 0 )); then
  STARTUP_MS=$(median "${STARTUPS[@]}"); STARTUP_CPU_MS=$(median "${STARTUP_CPUS[@]}")
  log "start to first answered request: ${STARTUPS[*]} ms (median $STARTUP_MS), CPU ${STARTUP_CPUS[*]} ms"
fi

# Warm-up curves: a fresh start per mode, then req/s at CONNECTIONS in CURVE_STEP-second runs back to back from the
# first answer on. The first 10 s are compared with the steady rate measured after the long warm-up below, and, since
# other work on core 0 takes a share of it that varies from window to window, also by the proxy's CPU time per
# request (steady µs ÷ first-10-s µs: the rate the proxy would have had in those 10 s with the core to itself).
declare -A CURVE CURVE10 CURVE_US CURVE10_US
if (( CURVE_SECONDS > 0 )) && [[ $CLAUDE == 1 ]]; then
  for mode in ns st; do
    body=$OUT/openai.json; [[ $mode == st ]] && body=$OUT/openai-stream.json
    start_proxy
    rates=() costs=()
    for ((i = 0; i < CURVE_SECONDS / CURVE_STEP; i++)); do
      CURVE_QUIET=1 run_wrk "curve-$mode-$i" "$PROXY_URL" "$body" "Bearer sk-bench-fake" 0 "$CONNECTIONS" "$CURVE_STEP"
      rates+=("$RPS"); costs+=("$CPU_US")
    done
    stop_proxy
    CURVE[$mode]="${rates[*]}" CURVE_US[$mode]="${costs[*]}"
    first=$(( (10 + CURVE_STEP - 1) / CURVE_STEP ))
    CURVE10[$mode]=$(printf '%s\n' "${rates[@]}" | awk -v n=$first 'NR <= n {s += $1; c++} END {printf "%.0f", (c > 0 ? s / c : 0)}')
    # CPU µs per request over the first 10 s: the CPU of those windows ÷ their requests.
    CURVE10_US[$mode]=$(paste <(printf '%s\n' "${rates[@]}") <(printf '%s\n' "${costs[@]}") | awk -v n=$first \
      'NR <= n {r += $1; c += $1 * $2} END {printf "%.0f", (r > 0 ? c / r : 0)}')
    log "warm-up curve $mode (req/s per ${CURVE_STEP} s from the first answer): ${CURVE[$mode]}; CPU µs/request: ${CURVE_US[$mode]}"
  done
fi
JFR_OPTS=()
if [[ $PROFILE == 1 ]]; then
  JFR_OPTS=(-XX:StartFlightRecording=name=bench,settings=profile,filename="$OUT/proxy.jfr")
fi
start_proxy -Xlog:gc:file="$OUT/proxy-gc.log" "${JFR_OPTS[@]}"
describe_jvm
start_rss_sampler "$PROXY_PID"
sleep 2
RSS_IDLE=$(rss_kb "$PROXY_PID")
LOAD_START=$(now_ms)

declare -A R
measure() { # key, then run_wrk's arguments
  local key=$1; shift
  R[$key.from]=$(now_ms)
  run_wrk "$key" "$@"
  R[$key.to]=$(now_ms)
  R[$key.rps]=$RPS; R[$key.p50]=$P50; R[$key.p99]=$P99; R[$key.err]=$ERRORS
  R[$key.cpu]=$CPU_PROXY; R[$key.fake]=$CPU_FAKE; R[$key.core1]=$CPU_CORE1; R[$key.us]=$CPU_US
}
PA="Bearer sk-bench-fake"; DA="Bearer fk-bench-fake"
# JIT warm-up: on one core C2 needs ~40 s of load before the proxy reaches its steady state.
if [[ $CLAUDE == 1 ]]; then
log "warm-up: ${WARMUP}s non-streaming, then ${WARMUP}s streaming"
run_wrk warmup-ns "$PROXY_URL" "$OUT/openai.json" "$PA" 0 "$CONNECTIONS" "$WARMUP"
run_wrk warmup-st "$PROXY_URL" "$OUT/openai-stream.json" "$PA" 0 "$CONNECTIONS" "$WARMUP"
for mode in ns st; do
  if [[ $mode == ns ]]; then ob=$OUT/openai.json ab=$OUT/anthropic.json; else ob=$OUT/openai-stream.json ab=$OUT/anthropic-stream.json; fi
  measure "$mode-proxy-$CONNECTIONS" "$PROXY_URL" "$ob" "$PA" 0 "$CONNECTIONS" "$DURATION"
  measure "$mode-direct-$CONNECTIONS" "$FAKE_URL" "$ab" "$DA" 1 "$CONNECTIONS" "$DURATION"
  measure "$mode-proxy-1" "$PROXY_URL" "$ob" "$PA" 0 1 "$DURATION"
  measure "$mode-direct-1" "$FAKE_URL" "$ab" "$DA" 1 1 "$DURATION"
done
fi

# The dialect rows: each pair answered once per mode (the fake's canned text must come back through the proxy,
# which also proves the route: each route's fake answer is its own), then warm-up and the two measured runs.
if [[ $DIALECTS == 1 ]]; then
  for pair in "${DIALECT_PAIRS[@]}"; do
    IFS='|' read -r name label ppath client dpath dhead <<< "$pair"
    for mode in ns st; do
      suffix=; [[ $mode == st ]] && suffix=-stream
      hdr=(-H "authorization: $PA"); [[ $client == anthropic ]] && hdr=(-H 'x-api-key: sk-bench-fake' -H 'anthropic-version: 2023-06-01')
      answer=$(curl -s -m 5 "${hdr[@]}" -H 'content-type: application/json' \
        --data-binary @"$OUT/d-$name$suffix.json" "http://127.0.0.1:$PROXY_PORT$ppath" | tr -d '\n' || true)
      case $dpath in
        */responses) want='ready, said the Responses route.' ;;
        */chat/completions) want='ready, said the Chat route.' ;;
        *) want='ready when you are.' ;;
      esac
      if [[ $answer != *"$want"* ]]; then
        log "$name $mode: unexpected answer from the proxy: ${answer:0:400}"; exit 1
      fi
      log "dialect $name $mode: warm-up ${DIALECT_WARMUP}s"
      run_wrk "warmup-$name-$mode" "http://127.0.0.1:$PROXY_PORT$ppath" "$OUT/d-$name$suffix.json" "$PA" 0 \
        "$CONNECTIONS" "$DIALECT_WARMUP" "$client"
      measure "$name-$mode-proxy" "http://127.0.0.1:$PROXY_PORT$ppath" "$OUT/d-$name$suffix.json" "$PA" 0 \
        "$CONNECTIONS" "$DURATION" "$client"
      measure "$name-$mode-direct" "$FAKE_BASE$dpath" "$OUT/d-$name-direct$suffix.json" "$DA" "$dhead" \
        "$CONNECTIONS" "$DURATION"
    done
  done
fi
RSS_LOAD_PEAK=$(rss_peak_since "$LOAD_START")
sleep 3
RSS_AFTER=$(rss_kb "$PROXY_PID")

if [[ $PROFILE == 1 ]]; then
  taskset -c 1 jcmd "$PROXY_PID" JFR.dump name=bench filename="$OUT/proxy.jfr" >/dev/null
  if [[ $CLAUDE == 1 ]]; then
    jfr_summary profile-ns "${R[ns-proxy-$CONNECTIONS.from]}" "${R[ns-proxy-$CONNECTIONS.to]}"
    jfr_summary profile-st "${R[st-proxy-$CONNECTIONS.from]}" "${R[st-proxy-$CONNECTIONS.to]}"
  fi
  if [[ $DIALECTS == 1 ]]; then # one summary per dialect pair and mode: profile-NAME-{ns,st}-top.txt
    for pair in "${DIALECT_PAIRS[@]}"; do
      for mode in ns st; do
        k=${pair%%|*}-$mode-proxy
        jfr_summary "profile-${pair%%|*}-$mode" "${R[$k.from]}" "${R[$k.to]}"
      done
    done
  fi
fi

S_OK=- S_ERR=- S_STALL=- S_GAP=- S_GAP99=- D_GAP99=- D_OK=- S_OPEN=0 S_DELTAS=0 FD_PEAK=0 RSS_SOAK_PEAK=0 PER_STREAM_KB=0
SOAK_CPU=- SOAK_FAKE=- SOAK_CORE1=- SOAK_GC=- SOAK_MAX_PAUSE=- SOAK_US_DELTA=- SOAK_US_DELTA_FULL=-
if [[ $SOAK == 1 ]]; then
log "soak: $SOAK_STREAMS streams, a delta every ${SOAK_MIN_MS}-${SOAK_MAX_MS} ms for ${SOAK_SECONDS}s, ramp ${SOAK_RAMP}/s"
if [[ $SOAK_DIRECT == 1 ]]; then
  # The same soak straight to the fake: the lateness that the load generator and the fake (one shared core) cause
  # by themselves, which no proxy can remove (101 ms at p99 for 9,000 streams here, Dec 3).
  log "soak, direct to the fake first (the baseline for the gaps)"
  taskset -c 1 "${BENCH_JAVA[@]}" -Xms256m -Xmx1g dev.factoryproxy.bench.StreamSoak "$FAKE_URL" sk-bench-fake \
    "$SOAK_STREAMS" "$SOAK_SECONDS" "$SOAK_MIN_MS" "$SOAK_MAX_MS" "$SOAK_RAMP" "$STALL_MS" > "$OUT/soak-direct.log" 2>&1 || true
  D_LINE=$(grep '^SOAK-RESULT' "$OUT/soak-direct.log" || echo "SOAK-RESULT missing")
  D_GAP99=$(echo "$D_LINE" | tr ' ' '\n' | awk -F= '$1 == "extraGapP99Ms" {print $2}'); D_GAP99=${D_GAP99:--}
  D_OK=$(echo "$D_LINE" | tr ' ' '\n' | awk -F= '$1 == "ok" {print $2}'); D_OK=${D_OK:--}
  log "soak direct: $D_LINE"
fi
SOAK_BEFORE=$(rss_kb "$PROXY_PID")
SOAK_START=$(now_ms)
GC_BEFORE=$(gc_totals)
SP0=$(cpu_ticks "$PROXY_PID"); SF0=$(cpu_ticks "$FAKE_PID"); SC1A=$(core_busy 1)
FD_PEAK=0
taskset -c 1 "${BENCH_JAVA[@]}" -Xms256m -Xmx1g dev.factoryproxy.bench.StreamSoak "$PROXY_URL" sk-bench-fake \
  "$SOAK_STREAMS" "$SOAK_SECONDS" "$SOAK_MIN_MS" "$SOAK_MAX_MS" "$SOAK_RAMP" "$STALL_MS" > "$OUT/soak.log" 2>&1 &
SOAK_PID=$!; PIDS+=("$SOAK_PID")
# While every stream is open (no stream starting or ending), the proxy's CPU per delta is the relay's own cost:
# the proxy's CPU ticks are taken as each 5 s progress line with open = SOAK_STREAMS appears (polled every 0.2 s).
FULL_CPU0= FULL_D0= FULL_CPU1= FULL_D1= LAST_PROGRESS= polls=0
while kill -0 "$SOAK_PID" 2>/dev/null; do
  if (( polls % 5 == 0 )); then
    fds=$(ls "/proc/$PROXY_PID/fd" 2>/dev/null | wc -l || true)
    if (( fds > FD_PEAK )); then FD_PEAK=$fds; fi
  fi
  polls=$((polls + 1))
  progress=$(grep '^SOAK t=' "$OUT/soak.log" 2>/dev/null | tail -1 || true)
  if [[ -n $progress && $progress != "$LAST_PROGRESS" ]]; then
    LAST_PROGRESS=$progress
    if [[ $progress == *" open=$SOAK_STREAMS "* ]]; then
      d=${progress##*deltas=}
      if [[ -z $FULL_CPU0 ]]; then FULL_CPU0=$(cpu_ticks "$PROXY_PID"); FULL_D0=$d;
      else FULL_CPU1=$(cpu_ticks "$PROXY_PID"); FULL_D1=$d; fi
    fi
  fi
  sleep 0.2
done
SOAK_US_DELTA_FULL=-
if [[ -n $FULL_CPU1 ]] && (( FULL_D1 > FULL_D0 )); then
  SOAK_US_DELTA_FULL=$(awk -v a="$FULL_CPU0" -v b="$FULL_CPU1" -v t="$CLK_TCK" -v n="$((FULL_D1 - FULL_D0))" \
    'BEGIN {printf "%.0f", 1e6 * (b - a) / t / n}')
  log "soak: ${SOAK_US_DELTA_FULL} µs per delta while all $SOAK_STREAMS streams were open ($((FULL_D1 - FULL_D0)) deltas)"
fi
SOAK_SECS=$(( ($(now_ms) - SOAK_START) / 1000 ))
SOAK_CPU=$(awk -v a="$SP0" -v b="$(cpu_ticks "$PROXY_PID")" -v s="$SOAK_SECS" -v t="$CLK_TCK" 'BEGIN {printf "%.0f", 100 * (b - a) / t / s}')
SOAK_FAKE=$(awk -v a="$SF0" -v b="$(cpu_ticks "$FAKE_PID")" -v s="$SOAK_SECS" -v t="$CLK_TCK" 'BEGIN {printf "%.0f", 100 * (b - a) / t / s}')
SOAK_CORE1=$(echo "$SC1A $(core_busy 1)" | awk '{printf "%.0f", 100 * ($3 - $1) / ($4 - $2)}')
SP1=$(cpu_ticks "$PROXY_PID")
GC_AFTER=$(gc_totals || echo "0 0 0 0")
SOAK_GC=$(echo "$GC_BEFORE $GC_AFTER" | awk '{printf "%d young (%.2f s), %d full (%.2f s)", $5 - $1, $6 - $2, $7 - $3, $8 - $4}')
SOAK_MAX_PAUSE=$(awk -v t="$SOAK_START" 'BEGIN {m = 0} /Pause/ {v = $NF; sub("ms", "", v); if (v + 0 > m) m = v + 0} END {printf "%.0f", m}' "$OUT/proxy-gc.log")
wait "$SOAK_PID" || true
grep '^SOAK t=' "$OUT/soak.log" | tail -3 >&2 || true
SOAK_LINE=$(grep '^SOAK-RESULT' "$OUT/soak.log" || echo "SOAK-RESULT missing")
grep '^SOAK-ERROR' "$OUT/soak.log" >&2 || true
field() { echo "$SOAK_LINE" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
S_OK=$(field ok); S_ERR=$(field errors); S_STALL=$(field stalls); S_GAP=$(field maxExtraGapMs); S_GAP99=$(field extraGapP99Ms); S_OPEN=$(field peakOpen)
S_DELTAS=$(field deltas)
# The proxy's CPU time (user + system) over the soak ÷ the deltas the soak client received.
SOAK_US_DELTA=$(awk -v a="$SP0" -v b="$SP1" -v t="$CLK_TCK" -v n="${S_DELTAS:-0}" \
  'BEGIN {printf "%.0f", (n > 0 ? 1e6 * (b - a) / t / n : 0)}')
log "soak: proxy CPU ${SOAK_CPU}%, ${SOAK_US_DELTA} µs per delta (${S_DELTAS} deltas)"
RSS_SOAK_PEAK=$(rss_peak_since "$SOAK_START")
PER_STREAM_KB=$(awk -v a="$SOAK_BEFORE" -v b="$RSS_SOAK_PEAK" -v n="${S_OPEN:-0}" 'BEGIN {printf "%.1f", (n > 0 ? (b - a) / n : 0)}')
fi
RSS_PEAK=$(rss_peak_since 0)
kill -0 "$PROXY_PID" 2>/dev/null || log "the proxy died during the run (see $OUT/proxy.log)"

# ---- table ---------------------------------------------------------------------------------------------------------
verdict() { if awk "BEGIN {exit !($1)}"; then echo pass; else echo FAIL; fi; }
{
  echo "## factory-proxy benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc --all) cores, $(java -version 2>&1 | head -1))"
  echo
  echo "proxy: taskset -c 0, $PROXY_LAUNCH, JVM $PROXY_JVM; HTTP/UPSTREAM/TRANSLATOR instances $HTTP_INSTANCES/$UPSTREAM_INSTANCES/$TRANSLATOR_INSTANCES, LOG_LEVEL=$LOG_LEVEL;"
  if [[ $CLAUDE == 1 ]]; then
    echo "wrk, fake Factory and soak client: taskset -c 1. wrk runs ${DURATION}s each, after ${WARMUP}s + ${WARMUP}s of warm-up."
  else
    echo "wrk, fake Factory and soak client: taskset -c 1. wrk runs ${DURATION}s each; the Chat → Claude runs skipped (CLAUDE=0)."
  fi
  [[ $DIALECTS == 1 ]] && echo "Dialect rows: ${DIALECT_WARMUP}s of warm-up on each pair and mode before its runs."
  echo "1-minute load average when the table was written: $(cut -d' ' -f1 /proc/loadavg)."
  echo
  if [[ $CLAUDE == 1 ]]; then # issue 16's layout: the Chat → Claude reference at $CONNECTIONS connections
    sh() { awk -v a="${R[$1.rps]:-0}" -v b="${R[$2.rps]:-0}" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
    add() { awk -v a="${R[$1.p50]:-0}" -v b="${R[$2.p50]:-0}" 'BEGIN {printf "%.2f", a - b}'; }
    echo "| | non-stream req/s (share of direct) | stream req/s (share) | added p50 at 1 conn | CPU µs/req NS / S | start → first answer | RSS after load |"
    echo "|---|---|---|---|---|---|---|"
    echo "| direct to the fake (the limit) | ${R[ns-direct-$CONNECTIONS.rps]} (1) | ${R[st-direct-$CONNECTIONS.rps]} (1) | – | – | – | – |"
    echo "| factory-proxy | ${R[ns-proxy-$CONNECTIONS.rps]} ($(sh ns-proxy-$CONNECTIONS ns-direct-$CONNECTIONS)) | ${R[st-proxy-$CONNECTIONS.rps]} ($(sh st-proxy-$CONNECTIONS st-direct-$CONNECTIONS)) | $(add ns-proxy-1 ns-direct-1) ms | ${R[ns-proxy-$CONNECTIONS.us]} / ${R[st-proxy-$CONNECTIONS.us]} | ${STARTUP_MS:-–} ms | $(mib "$RSS_AFTER") MiB |"
    echo "| target | ≥ 0.35 | ≥ 0.25 | ≤ 0.15 ms | | ≤ 500 ms | ≤ 160 MiB |"
    echo
  fi
  echo "| measure | proxy | direct (limit) | target | verdict | proxy CPU / fake CPU / core 1 busy |"
  echo "|---|---|---|---|---|---|"
  for mode in ns st; do
    [[ $CLAUDE == 1 ]] || continue
    k=$mode-proxy-$CONNECTIONS d=$mode-direct-$CONNECTIONS
    if [[ $mode == ns ]]; then label="non-streaming"; target=0.35; else label="streaming (5 deltas)"; target=0.25; fi
    share=$(awk -v a="${R[$k.rps]}" -v b="${R[$d.rps]}" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')
    echo "| $label, $CONNECTIONS conns: req/s (share of direct) | ${R[$k.rps]} ($share) | ${R[$d.rps]} | ≥ $target × direct, 0 errors | $(verdict "$share >= $target && ${R[$k.err]} == 0") | ${R[$k.cpu]}% / ${R[$k.fake]}% / ${R[$k.core1]}% |"
    echo "| $label, $CONNECTIONS conns: p50 / p99 ms | ${R[$k.p50]} / ${R[$k.p99]} | ${R[$d.p50]} / ${R[$d.p99]} | | | direct: fake ${R[$d.fake]}% / core 1 ${R[$d.core1]}% |"
    echo "| $label, $CONNECTIONS conns: errors | ${R[$k.err]} | ${R[$d.err]} | 0 | | |"
    k=$mode-proxy-1 d=$mode-direct-1
    a50=$(awk -v a="${R[$k.p50]}" -v b="${R[$d.p50]}" 'BEGIN {printf "%.3f", a - b}')
    a99=$(awk -v a="${R[$k.p99]}" -v b="${R[$d.p99]}" 'BEGIN {printf "%.3f", a - b}')
    echo "| $label, 1 conn: p50 / p99 ms (req/s) | ${R[$k.p50]} / ${R[$k.p99]} (${R[$k.rps]}) | ${R[$d.p50]} / ${R[$d.p99]} (${R[$d.rps]}) | | | ${R[$k.cpu]}% / ${R[$k.fake]}% / ${R[$k.core1]}% |"
    echo "| $label, 1 conn: added p50 / p99 ms | $a50 / $a99 | | p50 ≤ 0.15 | $(verdict "$a50 <= 0.15") | |"
  done
  if [[ $SOAK == 1 ]]; then
    echo "| soak: $SOAK_STREAMS streams × ${SOAK_SECONDS}s, delta every ${SOAK_MIN_MS}-${SOAK_MAX_MS} ms: ok / errors | $S_OK / $S_ERR | | 0 errors | $(verdict "${S_ERR:-1} == 0 && ${S_OK:-0} == $SOAK_STREAMS") | peak open $S_OPEN, $S_DELTAS deltas |"
    echo "| soak: stalls (> ${STALL_MS} ms over interval) / max extra gap ms | $S_STALL / $S_GAP | | 0 stalls | $(verdict "${S_STALL:-1} == 0") | CPU proxy ${SOAK_CPU}% / fake ${SOAK_FAKE}% / core 1 ${SOAK_CORE1}% |"
    echo "| soak: gap between deltas p99, ms over the interval | $S_GAP99 | $D_GAP99 | ≤ 50 | $(verdict "${S_GAP99/-/999999} <= 50") | direct: the same soak straight to the fake ($D_OK ok) |"
    if [[ $D_GAP99 != - && $S_GAP99 != - ]]; then
      echo "| soak: gap p99 added by the proxy (proxy − direct), ms | $((S_GAP99 - D_GAP99)) | | ≤ 50 | $(verdict "$((S_GAP99 - D_GAP99)) <= 50") | |"
    fi
    echo "| soak: proxy CPU µs per delta | $SOAK_US_DELTA | | ≤ 60 | $(verdict "${SOAK_US_DELTA/-/999999} <= 60") | $S_DELTAS deltas |"
    echo "| soak: of which while all streams were open (no stream starting or ending), µs per delta | $SOAK_US_DELTA_FULL | | | | the relay's own cost; the rest is opening and closing $SOAK_STREAMS streams (connections both sides) |"
    echo "| soak: proxy GC during the soak | $SOAK_GC | | | | longest GC pause of the run ${SOAK_MAX_PAUSE} ms |"
    echo "| soak: proxy RSS peak MiB / per open stream KiB | $(mib "$RSS_SOAK_PEAK") / $PER_STREAM_KB | | ≤ 320 / ≤ 40 | $(verdict "$RSS_SOAK_PEAK <= 327680 && $PER_STREAM_KB <= 40") | fds at peak $FD_PEAK |"
  fi
  echo "| RSS idle / after throughput runs / peak MiB | $(mib "$RSS_IDLE") / $(mib "$RSS_AFTER") / $(mib "$RSS_PEAK") | | after ≤ 160 | $(verdict "$RSS_AFTER <= 163840") | peak during throughput $(mib "$RSS_LOAD_PEAK") |"
  if (( STARTS > 0 )); then
    echo "| start to first answered request ms (median of $STARTS) | $STARTUP_MS | | ≤ 500 | $(verdict "$STARTUP_MS <= 500") | all: ${STARTUPS[*]}; proxy CPU by then ${STARTUP_CPUS[*]} ms |"
  fi
  for mode in ns st; do
    [[ -n ${CURVE[$mode]:-} ]] || continue
    steady=${R[$mode-proxy-$CONNECTIONS.rps]:-0}
    [[ $mode == ns ]] && label="non-streaming" || label="streaming (5 deltas)"
    share=$(awk -v a="${CURVE10[$mode]}" -v b="$steady" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
    echo "| warm-up, $label: req/s in the first 10 s after the first answer (÷ steady $steady) | ${CURVE10[$mode]} ($share) | | ≥ 0.5 × steady | $(verdict "$share >= 0.5") | per ${CURVE_STEP} s: ${CURVE[$mode]} |"
    steady_us=${R[$mode-proxy-$CONNECTIONS.us]:-0}
    cshare=$(awk -v a="$steady_us" -v b="${CURVE10_US[$mode]}" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
    echo "| warm-up, $label: CPU µs/request in the first 10 s (steady $steady_us; steady ÷ first 10 s) | ${CURVE10_US[$mode]} ($cshare) | | ≥ 0.5 | $(verdict "$cshare >= 0.5") | per ${CURVE_STEP} s: ${CURVE_US[$mode]} |"
  done
  if [[ $DIALECTS == 1 ]]; then
    echo
    echo "Per client dialect and Factory route, $CONNECTIONS connections, ${DURATION}s runs; share = proxy req/s ÷ direct req/s;"
    echo "CPU µs/request = the proxy's CPU time (user + system) ÷ the requests it answered in the run."
    echo
    echo "| pair | mode | proxy req/s | direct req/s | share | target | proxy CPU µs/request | proxy p50 / p99 ms | errors | proxy CPU / fake CPU / core 1 busy |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    rows=()
    if [[ $DIALECTS == 1 ]]; then
      for pair in "${DIALECT_PAIRS[@]}"; do rows+=("$(echo "$pair" | cut -d'|' -f1,2)"); done
    fi
    for row in "${rows[@]}"; do
      IFS='|' read -r name label <<< "$row"
      for mode in ns st; do
        if [[ $name == claude ]]; then k=$mode-proxy-$CONNECTIONS d=$mode-direct-$CONNECTIONS; else k=$name-$mode-proxy d=$name-$mode-direct; fi
        [[ $mode == ns ]] && m="non-streaming" || m="streaming (5 deltas)"
        share=$(awk -v a="${R[$k.rps]}" -v b="${R[$d.rps]}" 'BEGIN {printf "%.1f%%", (b > 0 ? 100 * a / b : 0)}')
        # issue 16: the pass-through pairs at 0.3 of direct or more; the translated pairs have a row, no target
        if [[ $name == *-pt ]]; then
          goal="≥ 30% $(verdict "${share%\%} >= 30")"
        else
          goal="–"
        fi
        echo "| $label | $m | ${R[$k.rps]} | ${R[$d.rps]} | $share | $goal | ${R[$k.us]} | ${R[$k.p50]} / ${R[$k.p99]} | ${R[$k.err]} / ${R[$d.err]} | ${R[$k.cpu]}% / ${R[$k.fake]}% / ${R[$k.core1]}% |"
      done
    done
  fi
} | tee "$OUT/results.md"
