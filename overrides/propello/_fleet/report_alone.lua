-- Report answered requests alone, and a 429's pause. KEYS: in_flight, answered, pause. ARGV: period, pause (0:
-- none), lease, then answered entries and their ages.
local refused = check_types('zset', 'zset', 'string')
if refused then return refused end
local period, pause, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
report(4, period, lease)
if pause > 0 and now + pause > (tonumber(redis.call('GET', KEYS[3]) or '0') or 0) then
  redis.call('SET', KEYS[3], tostring(now + pause), 'PX', math.ceil(pause))
end
return 1
