-- The server's time in milliseconds (TIME), so hosts whose clocks differ agree.
local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
