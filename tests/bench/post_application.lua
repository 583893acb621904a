-- post_application.lua — the wrk script of `make bench` (tests/bench/run.sh):
-- every request is a valid POST /api/v1/applications at DK_NOW=2026-12-02
-- with an e-mail of its own, and every answer's status is counted, so the
-- bench can tell accepted (201) applications from anything else.
-- wrk runs one Lua state per thread; setup() and done() run in the main one.

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

-- Per thread: a request counter and the count of each status seen.
local headers = { ["Content-Type"] = "application/json" }
local template = '{"last_name":"Peeters","first_names":"Jan Marie",'
   .. '"birth_date":"1985-07-30","birth_country":"BE","birth_place":"Gent","sex":"M",'
   .. '"email":"bench.%d.%d@example.be",'
   .. '"motivation":"Ik wil mijn belastingaangifte online doen.",'
   .. '"preferred_slots":[{"date":"2026-12-08","from":"09:00","to":"10:30"},'
   .. '{"date":"2026-12-10","from":"13:00","to":"16:00"}],'
   .. '"language":"nl","consent":true}'
sent = 0
statuses = {}

function request()
   sent = sent + 1
   return wrk.format("POST", "/api/v1/applications", headers,
                     string.format(template, id, sent))
end

function response(status, hdrs, body)
   local k = tostring(status)
   statuses[k] = (statuses[k] or 0) + 1
end

-- Machine-readable lines ("BENCH key value") for run.sh, after wrk's own report.
function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      for k, v in pairs(t:get("statuses")) do
         total[k] = (total[k] or 0) + v
      end
   end
   local ok, other = 0, 0
   for k, v in pairs(total) do
      io.write(string.format("BENCH status_%s %d\n", k, v))
      if k == "201" then ok = ok + v else other = other + v end
   end
   local e = summary.errors
   io.write(string.format("BENCH requests %d\n", summary.requests))
   io.write(string.format("BENCH duration_s %.3f\n", summary.duration / 1e6))
   io.write(string.format("BENCH rps %.1f\n", summary.requests / (summary.duration / 1e6)))
   io.write(string.format("BENCH p50_ms %.2f\n", latency:percentile(50) / 1000))
   io.write(string.format("BENCH p99_ms %.2f\n", latency:percentile(99) / 1000))
   io.write(string.format("BENCH max_ms %.2f\n", latency.max / 1000))
   io.write(string.format("BENCH accepted %d\n", ok))
   io.write(string.format("BENCH not_201 %d\n", other))
   io.write(string.format("BENCH socket_errors %d\n",
                          e.connect + e.read + e.write + e.timeout))
   io.write(string.format("BENCH body_bytes %d\n", #string.format(template, 1, 1)))
end
