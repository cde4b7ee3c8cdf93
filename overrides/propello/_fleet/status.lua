-- What the fleet's window holds now, after booking this process's answered requests (as acquire.lua does, but
-- asking for nothing). KEYS: in_flight, answered, pause. ARGV: period, lease, then answered entries and their ages.
-- Returns {permits held, ms until the first answered one comes back ('-1': none answered), ms of pause left}.
local refused = check_types('zset', 'zset', 'string')
if refused then return refused end
local period, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
report(3, period, lease)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local held = redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])
local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
local back = '-1'
if first[2] then
  back = tostring(tonumber(first[2]) - now)
end
local paused = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
return {held, back, tostring(math.max(0, paused - now))}
