-- Take the token fetch lock and read the token. KEYS: lock, token. ARGV: owner, lock ms. Returns {got the lock
-- 0/1, token or '', its ms left (-1: no expiry)}.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('GET', KEYS[2]) or '', redis.call('PTTL', KEYS[2])}
end
return {0, '', 0}
