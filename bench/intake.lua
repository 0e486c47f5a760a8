-- bench/intake's load for wrk (`npm run bench intake -- --generator wrk`): each request registers a petition with
-- its own ID number and phone, the same bodies as bench/intake.ts's body(i) (the same i gives the same person), so a
-- run registers new people as autocannon's does. wrk (C, with LuaJIT) costs the shared cores far less a request than
-- autocannon. The environment gives the session token (FQ_TOKEN) and the received time (FQ_RECEIVED_AT); done()
-- prints one line of JSON for bench/intake.ts to read.
local token = os.getenv("FQ_TOKEN")
local receivedAt = os.getenv("FQ_RECEIVED_AT")
local weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }
local checkChars = "10X98765432"

-- GB 11643 checksum character of 17 digits (src/domain/id-number.ts idChecksumChar)
local function checksum(first17)
  local s = 0
  for k = 1, 17 do s = s + (first17:byte(k) - 48) * weights[k] end
  local r = s % 11
  return checkChars:sub(r + 1, r + 1)
end

-- bench/intake.ts idFor(i)
local function idFor(i)
  local birth = 19500101 + (i % 28) + (math.floor(i / 28) % 12) * 100 + (math.floor(i / 336) % 50) * 10000
  local first17 = string.format("440606%d%03d", birth, i % 1000)
  return first17 .. checksum(first17)
end

local threads = {}
local counter = 0

function setup(thread)
  -- threads would repeat each other's people; bench/intake.ts runs wrk with one thread
  thread:set("first", #threads * 10000000)
  table.insert(threads, thread)
end

function init(args)
  counter = (first or 0) + (tonumber(os.getenv("FQ_FIRST") or "0") or 0)
  wrk.method = "POST"
  wrk.headers["content-type"] = "application/json"
  if token and token ~= "" then wrk.headers["authorization"] = "Bearer " .. token end
end

function request()
  local i = counter
  counter = counter + 1
  local body = string.format(
    '{"channel":"visit","receivedAt":"%s","petitioners":[{"name":"陈国强","idNumber":"%s","phone":"138%08d","address":"顺德区大良街道新城路8号"}],"title":"小区物业擅自挪用维修基金（%d）","content":"我们是大良街道某小区业主，物业公司未经业主大会同意动用专项维修资金，请求有关部门调查处理。","purpose":"demand","regionCode":"440606005"}',
    receivedAt, idFor(i), 10000000 + (i % 89999999), i)
  return wrk.format(nil, "/api/v1/petitions", nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
