-- Take the token fetch lock and read the token. KEYS: lock, token. ARGV: owner, lock ms. Returns {1: got the lock,
-- 0: another client holds it, -1: the lock is none a client sets (no expiry, or longer than ARGV[2]), so waiting
-- for it is pointless; the token or '' (none with 0), its ms left (-1: no expiry)}.
local refused = check_types('string', 'string')
if refused then return refused end
local got = 1
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local left = redis.call('PTTL', KEYS[1])
  if left >= 0 and left <= tonumber(ARGV[2]) then return {0, '', 0} end
  got = -1
end
return {got, redis.call('GET', KEYS[2]) or '', redis.call('PTTL', KEYS[2])}
