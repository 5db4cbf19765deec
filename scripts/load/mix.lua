-- wrk script for kbase: a mix of list, detail, search and topic requests, pages and API.
--
-- Needs KBASE_LOAD_DATA, the Lua file of ids and topics written by scripts/load/prepare.py.
-- Every request says X-Forwarded-Proto: https, as the TLS-terminating proxy of a production site
-- does, so the production settings (HTTPS redirect included) are served unchanged.
-- done() prints the status counts, requests/s and p50/p95/p99, and a RESULT line for run.sh.

local data = dofile(assert(os.getenv("KBASE_LOAD_DATA"), "set KBASE_LOAD_DATA"))

local function pick(list)
  return list[math.random(#list)]
end

local function escape(text)
  return (text:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local function page()
  -- Most readers stay on the first pages; some go deep.
  if math.random() < 0.7 then return 1 end
  return math.random(2, 40)
end

-- {weight, name, path builder}; weights add up to 100.
local mix = {
  -- lists (30)
  {8, "list claims page", function() return "/claims/?page=" .. page() end},
  {4, "list claims page, filtered", function()
    return "/claims/?kind=" .. pick(data.kinds) .. "&place=" .. pick(data.places)
  end},
  {8, "list claims api ?kind", function()
    return "/api/v1/claims/?kind=" .. pick(data.kinds) .. "&page=" .. page()
  end},
  {6, "list articles page", function() return "/articles/?page=" .. page() end},
  {4, "list articles api", function() return "/api/v1/articles/?page=" .. page() end},
  -- details (35)
  {11, "claim page", function() return "/claims/" .. pick(data.claims) .. "/" end},
  {9, "article page", function() return "/articles/" .. pick(data.articles) .. "/" end},
  {8, "claim api", function() return "/api/v1/claims/" .. pick(data.claims) .. "/" end},
  {7, "article api", function() return "/api/v1/articles/" .. pick(data.articles) .. "/" end},
  -- search (20)
  {10, "search page", function() return "/search/?q=" .. escape(pick(data.searches)) end},
  {6, "search claims api", function()
    return "/api/v1/claims/?q=" .. escape(pick(data.searches))
  end},
  {4, "search articles api", function()
    return "/api/v1/articles/?q=" .. escape(pick(data.searches))
  end},
  -- topics (15)
  {10, "topic page", function() return "/topics/" .. pick(data.topic_pages) .. "/" end},
  {2, "topic index", function() return "/topics/" end},
  {3, "topic api", function() return "/api/v1/topics/" .. escape(pick(data.topic_keys)) .. "/" end},
}

local total = 0
for _, entry in ipairs(mix) do total = total + entry[1] end

-- Per thread (each wrk thread has its own Lua state); collected by done() through thread:get.
statuses = {}
sent = {}

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(1000 + (thread_id or 0))
end

function request()
  local roll = math.random() * total
  local entry
  for _, candidate in ipairs(mix) do
    entry = candidate
    roll = roll - candidate[1]
    if roll <= 0 then break end
  end
  sent[entry[2]] = (sent[entry[2]] or 0) + 1
  return wrk.format("GET", entry[3](), {["X-Forwarded-Proto"] = "https"})
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local by_status, by_kind = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
    for name, count in pairs(thread:get("sent")) do
      by_kind[name] = (by_kind[name] or 0) + count
    end
  end

  local seconds = summary.duration / 1e6
  local bad, redirects = 0, 0
  local keys = {}
  for status in pairs(by_status) do table.insert(keys, status) end
  table.sort(keys)
  io.write("\nstatus counts:\n")
  for _, status in ipairs(keys) do
    local code, count = tonumber(status), by_status[status]
    io.write(string.format("  %s  %d\n", status, count))
    if code < 200 or code >= 400 then bad = bad + count end
    if code >= 300 and code < 400 then redirects = redirects + count end
  end

  local names = {}
  for name in pairs(by_kind) do table.insert(names, name) end
  table.sort(names)
  io.write("requests sent by kind:\n")
  for _, name in ipairs(names) do
    io.write(string.format("  %-28s %6d\n", name, by_kind[name]))
  end

  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local ms = function(p) return latency:percentile(p) / 1000 end
  io.write(string.format(
    "\nrequests %d in %.1f s = %.1f requests/s\n", summary.requests, seconds,
    summary.requests / seconds))
  io.write(string.format(
    "latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f\n",
    ms(50), ms(95), ms(99), latency.max / 1000, latency.mean / 1000))
  io.write(string.format(
    "non-2xx/3xx responses: %d (redirects: %d); socket errors: connect %d, read %d, write %d, timeout %d\n",
    bad, redirects, e.connect, e.read, e.write, e.timeout))
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f non_2xx_3xx=%d redirects=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, ms(50), ms(95), ms(99), bad,
    redirects, socket_errors))
end
