-- wrk script for bench/driver.py: counts responses by status class and by the page cache's
-- X-Cache header (hit, miss, none), and prints the run's figures as one JSON line.
-- The same script drives gunicorn and nginx, so both pay the same per-response cost in wrk.
-- An argument after `--` is a marker: responses whose body contains it are counted ("marked"),
-- to tell the signed-in workspace stream from a login page or an error page. Paths after the
-- marker ("" for none) are requested in turn instead of the URL's own path: the library's
-- search load asks ten different questions, so no single query's plan decides the figure.
-- After an argument "--words", the rest are words: a path holding "{words}" then gets three
-- of them, drawn at random for each request (each thread seeded apart), so that nearly every
-- request asks a question the server has not answered before.
-- (Defining request() makes every run build its request per call: a small cost that gunicorn
-- and nginx pay alike.)

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   s2, s3, s4, s5, other = 0, 0, 0, 0, 0
   hit, miss, none = 0, 0, 0
   marked = 0
   marker = args[1]
   if marker == "" then marker = nil end
   paths, words = {}, {}
   local list = paths
   for i = 2, #args do
      if args[i] == "--words" then list = words else table.insert(list, args[i]) end
   end
   counter = 0
   math.randomseed(os.time() * 1000 + (id or 0) * 7919 + math.floor(os.clock() * 1e6))
end

local function drawn()
   local chosen = {}
   for i = 1, 3 do chosen[i] = words[math.random(#words)] end
   return table.concat(chosen, "+")
end

function request()
   if #paths > 0 then
      counter = counter + 1
      local path = paths[(counter % #paths) + 1]
      if #words > 0 then path = string.gsub(path, "{words}", drawn) end
      return wrk.format(nil, path)
   end
   return wrk.request()
end

function response(status, headers, body)
   if status >= 200 and status < 300 then s2 = s2 + 1
   elseif status >= 300 and status < 400 then s3 = s3 + 1
   elseif status >= 400 and status < 500 then s4 = s4 + 1
   elseif status >= 500 and status < 600 then s5 = s5 + 1
   else other = other + 1 end
   local cache = headers["X-Cache"] or headers["x-cache"]
   if cache == "hit" then hit = hit + 1
   elseif cache == "miss" then miss = miss + 1
   else none = none + 1 end
   if marker and body and string.find(body, marker, 1, true) then marked = marked + 1 end
end

function done(summary, latency, requests)
   local total = {
      s2 = 0, s3 = 0, s4 = 0, s5 = 0, other = 0, hit = 0, miss = 0, none = 0, marked = 0
   }
   for _, thread in ipairs(threads) do
      for name, _ in pairs(total) do
         total[name] = total[name] + thread:get(name)
      end
   end
   local e = summary.errors
   io.write(string.format(
      'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}, ' ..
      '"latency_us": {"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}, ' ..
      '"status": {"2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d, "other": %d}, ' ..
      '"x_cache": {"hit": %d, "miss": %d, "none": %d}, "marked": %d}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.timeout, e.status,
      latency:percentile(50), latency:percentile(90), latency:percentile(95),
      latency:percentile(99), latency.max,
      latency.mean,
      total.s2, total.s3, total.s4, total.s5, total.other,
      total.hit, total.miss, total.none, total.marked))
end
