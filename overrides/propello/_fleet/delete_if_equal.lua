-- Delete KEYS[1] only if it still holds ARGV[1] (our lock, or the token we know is stale).
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0
