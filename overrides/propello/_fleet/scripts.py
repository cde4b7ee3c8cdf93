"""The Lua scripts the shared budget and token run on the Redis server. A script runs atomically, so each check
and what it books happen as one step for the whole fleet; every time in them is the server's (TIME), so hosts
whose clocks differ agree. Times are milliseconds."""

from __future__ import annotations

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000\n"

_REPORT = """
local function report(first, period, lease)
  for i = first, #ARGV, 2 do
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZADD', KEYS[2], now - tonumber(ARGV[i + 1]) + period, ARGV[i])
  end
  if #ARGV >= first then
    redis.call('PEXPIRE', KEYS[2], math.ceil(period + lease))
  end
end
"""
"""Requests answered: from ARGV[first] on, pairs of entry and how long ago its answer came (measured by the client
that got it: a duration, so its clock's offset does not matter); each permit comes back a period after that."""

ACQUIRE = (
    _NOW
    + _REPORT
    + """
local calls, period, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local idle = math.ceil(period + lease)
report(6, period, lease)
redis.call('ZADD', KEYS[4], now, ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - 2 * period)
redis.call('PEXPIRE', KEYS[4], idle)
local members = redis.call('ZCARD', KEYS[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local paused = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
if paused > now then
  return {0, tostring(paused - now), members}
end
local answered = redis.call('ZCARD', KEYS[2])
local held = redis.call('ZCARD', KEYS[1]) + answered
if held < calls then
  redis.call('ZADD', KEYS[1], now + period + lease, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], idle)
  return {1, '0', members}
end
local needed = held - calls
if needed < answered then
  local back = redis.call('ZRANGE', KEYS[2], needed, needed, 'WITHSCORES')
  return {0, tostring(tonumber(back[2]) - now), members}
end
return {0, '-1', members}
"""
)
"""Ask for a permit, reporting answered requests on the way. KEYS: in_flight, answered, pause, members.
ARGV: calls, period, lease, new entry, member, then answered entries and their ages. Returns {granted 0/1, ms to
wait (-1: a request in flight holds the permit), members seen in the last two periods}."""

REPORT = (
    _NOW
    + _REPORT
    + """
local period, pause, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
report(4, period, lease)
if pause > 0 and now + pause > (tonumber(redis.call('GET', KEYS[3]) or '0') or 0) then
  redis.call('SET', KEYS[3], tostring(now + pause), 'PX', math.ceil(pause))
end
return 1
"""
)
"""Report answered requests alone, and a 429's pause. KEYS: in_flight, answered, pause. ARGV: period, pause (0:
none), lease, then answered entries and their ages."""

LOCK_AND_LOAD = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('GET', KEYS[2]) or '', redis.call('PTTL', KEYS[2])}
end
return {0, '', 0}
"""
"""Take the token fetch lock and read the token. KEYS: lock, token. ARGV: owner, lock ms. Returns {got the lock
0/1, token or '', its ms left (-1: no expiry)}."""

DELETE_IF_EQUAL = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
"""Delete KEYS[1] only if it still holds ARGV[1] (our lock, or the token we know is stale)."""
