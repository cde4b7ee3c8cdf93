-- Keys of the wrong type (planted, or left by something else) are refused before anything is read or written:
-- check_types(kind of KEYS[1], kind of KEYS[2], ...) answers an error reply naming the first key whose type is
-- neither that kind nor none (KEY-TYPE <key> <its type> <kind expected>), or nil when every key fits.
local function check_types(...)
  for i, kind in ipairs({...}) do
    local found = redis.call('TYPE', KEYS[i]).ok
    if found ~= 'none' and found ~= kind then
      return redis.error_reply('KEY-TYPE ' .. KEYS[i] .. ' ' .. found .. ' ' .. kind)
    end
  end
  return nil
end
