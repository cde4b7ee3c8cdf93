-- Requests answered: from ARGV[first] on, pairs of entry and how long ago its answer came (measured by the
-- client that got it: a duration, so its clock's offset does not matter); each permit comes back a period after that.
local function report(first, period, lease)
  for i = first, #ARGV, 2 do
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZADD', KEYS[2], now - tonumber(ARGV[i + 1]) + period, ARGV[i])
  end
  if #ARGV >= first then
    redis.call('PEXPIRE', KEYS[2], math.ceil(period + lease))
  end
end
