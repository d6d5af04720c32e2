-- wrk script: POST the body in BENCH_BODY (a file) with the headers given, count the answers.
-- Prints one JSON line at the end: requests, 2xx, others, errors, latency percentiles (µs).
local threads = {}

local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

local counter = 0
local template = ""

function init(args)
  ok = 0
  other = 0
  local f = assert(io.open(os.getenv("BENCH_BODY"), "r"))
  template = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/json"
  local key = os.getenv("BENCH_API_KEY")
  if key and key ~= "" then wrk.headers["X-API-Key"] = key end
end

-- Every body is different ("{n}" in the template becomes a number unique to the run): Open311
-- treats the same key and body within 24 hours as a retry of the same post.
function request()
  counter = counter + 1
  local n = tostring(id) .. "-" .. tostring(counter) .. "-" .. tostring(math.random(1, 1000000000))
  return wrk.format(nil, nil, nil, (template:gsub("{n}", n)))
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local o, x = 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    x = x + t:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "ok": %d, "other": %d, "errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, o, x, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
