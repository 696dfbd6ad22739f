-- Drive one URL and count the answers that are not 200 (an expired token or
-- an error would show up here). With BENCH_BODY set, each request POSTs that
-- urlencoded body with the cookie in BENCH_COOKIE (throughput.py fills both
-- in); otherwise each request is a plain GET.
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("not_ok")
  end
  io.write(string.format("NON_200 %d\n", total))
end
