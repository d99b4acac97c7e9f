import { BIG_DECIMAL_LUA } from "./big-decimal";

// Keys of every budget script: KEYS[1] the budget hash (period, currency, limit, spent, reserved,
// leases: the live lease count, trimmed: when settled ids were last trimmed), KEYS[2] its leases
// (lease id → amount), KEYS[3] lease expiries (sorted set, score = expiry ms), KEYS[4] settled lease
// ids (sorted set, score = when). All four share the budget's hash tag.
//
// Each script reads the budget hash once (`HMGET`), works on local values, writes what changed in one
// `HSET` and answers from its locals; the live lease count is kept in the hash (a hash written before
// it existed counts its leases once with `HLEN`), and settled ids past their retention are trimmed at
// most once a second. A granted reserve issues 6 Redis commands (a refused one 4 or 5) and a settle
// 6 or 7, where reading and writing field by field took 13 and 12: inside a script every
// `redis.call` costs a command lookup and a reply conversion, ~1–2 µs, more than the commands' own work.
const BUDGET_LUA = `${BIG_DECIMAL_LUA}
-- Expired leases are removed in batches: unpack() into one ZREM is bounded by Lua's C stack (8,000).
local REAP_BATCH = 5000
local function load(kb, kl)
  local v = redis.call('HMGET', kb, 'period', 'currency', 'limit', 'spent', 'reserved', 'leases', 'trimmed')
  local n = tonumber(v[6])
  if not n then n = redis.call('HLEN', kl) end
  return { v[1] or '', v[2] or '', v[3] or '0', v[4] or '0', v[5] or '0', n, tonumber(v[7]) or 0 }
end
local function reapInto(b, kl, ke, now)
  local ids = redis.call('ZRANGEBYSCORE', ke, '-inf', now, 'LIMIT', 0, REAP_BATCH)
  if #ids == 0 then return 0 end
  local reserved, n = big(b[5]), 0
  while #ids > 0 do
    for _, id in ipairs(ids) do
      local amount = redis.call('HGET', kl, id)
      if amount then
        reserved = sub(reserved, big(amount))
        redis.call('HDEL', kl, id)
        b[6] = b[6] - 1
      end
    end
    redis.call('ZREM', ke, unpack(ids))
    n = n + #ids
    if #ids < REAP_BATCH then break end
    ids = redis.call('ZRANGEBYSCORE', ke, '-inf', now, 'LIMIT', 0, REAP_BATCH)
  end
  b[5] = str(reserved)
  return n
end
local function reply(word, b)
  return { word, b[1], b[2], b[3], b[4], b[5], b[6] }
end
`;

/** ARGV: lease id, amount, limit, currency, period key, expires at (ms), now (ms), allow over ("1"/"0"). */
export const RESERVE_LUA = `${BUDGET_LUA}
local kb, kl, ke, ks = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, amount, limit, currency, period, expiresAt, now, over =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local b = load(kb, kl)
if b[2] ~= '' and b[2] ~= currency then return redis.error_reply('CURRENCY budget is kept in ' .. b[2]) end
local reaped = reapInto(b, kl, ke, now)
local duplicate
if redis.call('HEXISTS', kl, id) == 1 then duplicate = 'held'
elseif redis.call('ZSCORE', ks, id) then duplicate = 'settled' end
if duplicate then
  if reaped > 0 then redis.call('HSET', kb, 'reserved', b[5], 'leases', b[6]) end
  return reply(duplicate, b)
end
local changed = reaped > 0 or b[2] ~= currency or b[3] ~= limit
if b[1] == '' then b[1] = period; changed = true
elseif period > b[1] then b[1] = period; b[4] = '0'; changed = true end
b[2], b[3] = currency, limit
local reserved, a = big(b[5]), big(amount)
local word = 'refused'
if over == '1' or cmp(add(add(big(b[4]), reserved), a), big(limit)) <= 0 then
  word = 'granted'
  changed = true
  b[5] = str(add(reserved, a))
  b[6] = b[6] + 1
  redis.call('HSET', kl, id, amount)
  redis.call('ZADD', ke, expiresAt, id)
end
if changed then
  redis.call('HSET', kb, 'period', b[1], 'currency', currency, 'limit', limit, 'spent', b[4],
    'reserved', b[5], 'leases', b[6])
end
return reply(word, b)
`;

/** ARGV: lease id, actual, currency, now (ms), settled retention (ms). */
export const SETTLE_LUA = `${BUDGET_LUA}
local kb, kl, ke, ks = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, actual, currency, now, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local b = load(kb, kl)
if b[2] ~= '' and b[2] ~= currency then return redis.error_reply('CURRENCY budget is kept in ' .. b[2]) end
if redis.call('ZSCORE', ks, id) then return reply('duplicate', b) end
local outcome = 'late'
local amount = redis.call('HGET', kl, id)
if amount then
  b[5] = str(sub(big(b[5]), big(amount)))
  b[6] = b[6] - 1
  redis.call('HDEL', kl, id)
  redis.call('ZREM', ke, id)
  outcome = 'settled'
end
b[2], b[4] = currency, str(add(big(b[4]), big(actual)))
redis.call('ZADD', ks, now, id)
local at = tonumber(now)
if at - b[7] >= 1000 or at < b[7] then
  redis.call('ZREMRANGEBYSCORE', ks, '-inf', string.format('%.0f', at - tonumber(retention)))
  redis.call('HSET', kb, 'spent', b[4], 'reserved', b[5], 'currency', currency, 'leases', b[6], 'trimmed', now)
else
  redis.call('HSET', kb, 'spent', b[4], 'reserved', b[5], 'currency', currency, 'leases', b[6])
end
return reply(outcome, b)
`;

/** ARGV: lease id. Returns 1 when the lease was held. */
export const RELEASE_LUA = `${BUDGET_LUA}
local kb, kl, ke = KEYS[1], KEYS[2], KEYS[3]
local amount = redis.call('HGET', kl, ARGV[1])
if not amount then return 0 end
local b = load(kb, kl)
redis.call('HDEL', kl, ARGV[1])
redis.call('ZREM', ke, ARGV[1])
redis.call('HSET', kb, 'reserved', str(sub(big(b[5]), big(amount))), 'leases', b[6] - 1)
return 1
`;

/** ARGV: now (ms). Returns the number of leases reaped. */
export const REAP_LUA = `${BUDGET_LUA}
local b = load(KEYS[1], KEYS[2])
local n = reapInto(b, KEYS[2], KEYS[3], ARGV[1])
if n > 0 then redis.call('HSET', KEYS[1], 'reserved', b[5], 'leases', b[6]) end
return n
`;

/** ARGV: now (ms). Reaps, then the state (empty when the budget does not exist). */
export const STATUS_LUA = `${BUDGET_LUA}
local b = load(KEYS[1], KEYS[2])
if reapInto(b, KEYS[2], KEYS[3], ARGV[1]) > 0 then redis.call('HSET', KEYS[1], 'reserved', b[5], 'leases', b[6]) end
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
return reply('status', b)
`;
