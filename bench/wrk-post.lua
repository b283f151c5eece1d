-- wrk: POST the body in $BENCH_BODY; $BENCH_AUTH as the Authorization header; $BENCH_DIRECT=1 adds the
-- identity headers the proxy sends to Factory's Messages route, so that the direct baseline carries an equivalent
-- request ($BENCH_DIRECT=responses / chat: those the proxy sends to the Responses / Chat route).
-- $BENCH_CLIENT=anthropic sends the key as an Anthropic SDK does (x-api-key, anthropic-version) instead.
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local auth = os.getenv("BENCH_AUTH")
if os.getenv("BENCH_CLIENT") == "anthropic" then
  wrk.headers["x-api-key"] = string.gsub(auth or "", "^Bearer ", "")
  wrk.headers["anthropic-version"] = "2023-06-01"
elseif auth and auth ~= "" then
  wrk.headers["Authorization"] = auth
end
local direct = os.getenv("BENCH_DIRECT")
if direct == "responses" or direct == "chat" then
  wrk.headers["x-api-provider"] = direct == "chat" and "fireworks" or "openai"
  wrk.headers["x-factory-client"] = "cli"
  wrk.headers["x-client-version"] = "0.89.0"
  wrk.headers["User-Agent"] = "factory-cli/0.89.0"
  wrk.headers["Accept"] = "application/json"
  wrk.headers["x-stainless-lang"] = "js"
  wrk.headers["x-stainless-package-version"] = direct == "chat" and "6.25.0" or "5.23.2"
  wrk.headers["x-stainless-runtime"] = "node"
  wrk.headers["x-stainless-runtime-version"] = "v24.3.0"
  wrk.headers["x-stainless-os"] = "Linux"
  wrk.headers["x-stainless-arch"] = "x64"
  wrk.headers["x-stainless-retry-count"] = "0"
  wrk.headers["x-session-id"] = "6b1f2c9e-3a57-4d8e-9f10-2b7c4e5a6d81"
  wrk.headers["x-assistant-message-id"] = "0e4d2a7b-8c19-4f36-a5d2-7b3e9c1f8a60"
end
if direct == "1" then
  wrk.headers["x-api-key"] = "placeholder"
  wrk.headers["anthropic-version"] = "2023-06-01"
  wrk.headers["x-api-provider"] = "anthropic"
  wrk.headers["x-factory-client"] = "cli"
  wrk.headers["x-client-version"] = "0.89.0"
  wrk.headers["User-Agent"] = "factory-cli/0.89.0"
  wrk.headers["Accept"] = "text/event-stream"
  wrk.headers["x-session-id"] = "6b1f2c9e-3a57-4d8e-9f10-2b7c4e5a6d81"
  wrk.headers["x-assistant-message-id"] = "0e4d2a7b-8c19-4f36-a5d2-7b3e9c1f8a60"
end
