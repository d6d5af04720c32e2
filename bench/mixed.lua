-- wrk script for bench/mixed.py: requests from a plan file (BENCH_PLAN), one a line, tab-separated:
--   kind  who  method  path  body
-- kind "read" lines are sent over and over; "act<thread>" lines (workflow actions, each valid
-- once, in an order that keeps each request's steps apart) are sent once each by that thread; "intake" lines are templates whose "{n}"
-- becomes a number unique to the run. The mix: of every 10 requests 7 reads, 2 actions, 1 intake.
-- who: "r" the reader's session, "a" the actor's (BENCH_COOKIE_R / _A, with the CSRF cookie),
-- "k" the API key (BENCH_API_KEY); BENCH_CSRF the CSRF token the actions carry.
-- Prints one JSON line at the end: requests, answers 2xx/3xx, others, socket errors, latency
-- percentiles (µs), and how many actions were left unsent.
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  thread:set("nthreads", 0)
  table.insert(threads, thread)
end

local reads, acts, intakes = {}, {}, {}
local counter, read_i, act_i, intake_i = 0, 0, 0, 0
local cookies, key, csrf = {}, "", ""

function init(args)
  ok = 0
  other = 0
  unsent = 0
  cookies = {r = os.getenv("BENCH_COOKIE_R") or "", a = os.getenv("BENCH_COOKIE_A") or "", k = ""}
  key = os.getenv("BENCH_API_KEY") or ""
  csrf = os.getenv("BENCH_CSRF") or ""
  for line in io.lines(os.getenv("BENCH_PLAN")) do
    local kind, who, method, path, body =
      line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    local entry = {method, path, body, who}
    if kind == "read" then
      table.insert(reads, entry)
    elseif kind == "act" .. tostring(id) then
      table.insert(acts, entry)
    elseif kind == "intake" then
      table.insert(intakes, entry)
    end
  end
end

local function form(method, path, body, extra, who)
  local headers = {}
  if cookies[who] ~= "" then headers["Cookie"] = cookies[who] end
  for k, v in pairs(extra or {}) do headers[k] = v end
  return wrk.format(method, path, headers, body ~= "" and body or nil)
end

function request()
  counter = counter + 1
  local slot = counter % 10
  if (slot == 7 or slot == 8) and act_i < #acts then
    act_i = act_i + 1
    local a = acts[act_i]
    return form(a[1], a[2], a[3], {["Content-Type"] = "application/x-www-form-urlencoded",
                                   ["X-CSRFToken"] = csrf}, a[4])
  end
  if slot == 9 and #intakes > 0 then
    intake_i = intake_i + 1
    local t = intakes[(intake_i - 1) % #intakes + 1]
    local n = tostring(id) .. "-" .. tostring(counter) .. "-" .. tostring(math.random(1, 1000000000))
    return form(t[1], t[2], (t[3]:gsub("{n}", n)), {["Content-Type"] = "application/json",
                                                     ["X-API-Key"] = key}, t[4])
  end
  if (slot == 7 or slot == 8) then unsent = unsent + 1 end
  read_i = read_i + 1
  local r = reads[(read_i - 1) % #reads + 1]
  return form(r[1], r[2], r[3], nil, r[4])
end

function response(status, headers, body)
  if status >= 200 and status < 400 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local o, x, u = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    x = x + t:get("other")
    u = u + t:get("unsent")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "ok": %d, "other": %d, "errors": %d, ' ..
    '"unsent_actions": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, o, x, e.connect + e.read + e.write + e.timeout, u,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
end
