-- wrk script for bench/newsroom.py: Zipf-distributed reads over the paths in a file (the
-- first path is the most read), counting the page cache's X-Cache answers.
-- wrk ... -s bench/zipf.lua <url> -- <paths file> <exponent>
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  paths, cdf = {}, {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  local exponent = tonumber(args[2]) or 0.8
  local total = 0
  for rank = 1, #paths do
    total = total + 1 / (rank ^ exponent)
    cdf[rank] = total
  end
  for rank = 1, #paths do
    cdf[rank] = cdf[rank] / total
  end
  math.randomseed(os.time() * 1000 + id * 7919 + math.floor(os.clock() * 1e6))
  hits, misses, other = 0, 0, 0
end

function request()
  local r = math.random()
  local lo, hi = 1, #paths
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < r then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", paths[lo])
end

function response(status, headers, body)
  local cache = headers["X-Cache"] or headers["x-cache"]
  if cache == "hit" then
    hits = hits + 1
  elseif cache == "miss" then
    misses = misses + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("other")
  end
  io.write(string.format("CACHE %d %d %d\n", h, m, o))
end
