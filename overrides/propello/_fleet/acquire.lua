-- Ask for a permit, reporting answered requests on the way. KEYS: in_flight, answered, pause, members.
-- ARGV: calls, period, lease, new entry, member, 1 to ignore the pause (the caller waited it out), then answered
-- entries and their ages. Returns {granted 0/1, ms to wait (-1: a request in flight holds the permit), members seen in
-- the last two periods, 1 when the wait is a 429's pause}.
local refused = check_types('zset', 'zset', 'string', 'zset')
if refused then return refused end
local calls, period, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local idle = math.ceil(period + lease)
report(7, period, lease)
redis.call('ZADD', KEYS[4], now, ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - 2 * period)
redis.call('PEXPIRE', KEYS[4], idle)
local members = redis.call('ZCARD', KEYS[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local paused = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
if paused > now and ARGV[6] ~= '1' then
  return {0, tostring(paused - now), members, 1}
end
local answered = redis.call('ZCARD', KEYS[2])
local held = redis.call('ZCARD', KEYS[1]) + answered
if held < calls then
  redis.call('ZADD', KEYS[1], now + period + lease, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], idle)
  return {1, '0', members, 0}
end
local needed = held - calls
if needed < answered then
  local back = redis.call('ZRANGE', KEYS[2], needed, needed, 'WITHSCORES')
  return {0, tostring(tonumber(back[2]) - now), members, 0}
end
return {0, '-1', members, 0}
