import { BIG_DECIMAL_LUA } from "./big-decimal";

// Keys of every budget script: KEYS[1] the budget hash (period, currency, limit, spent, reserved),
// KEYS[2] its leases (lease id → amount), KEYS[3] lease expiries (sorted set, score = expiry ms),
// KEYS[4] settled lease ids (sorted set, score = when). All four share the budget's hash tag.
const BUDGET_LUA = `${BIG_DECIMAL_LUA}
local function reap(kb, kl, ke, now)
  local ids = redis.call('ZRANGEBYSCORE', ke, '-inf', now)
  if #ids == 0 then return 0 end
  local reserved = big(redis.call('HGET', kb, 'reserved') or '0')
  for _, id in ipairs(ids) do
    local amount = redis.call('HGET', kl, id)
    if amount then
      reserved = sub(reserved, big(amount))
      redis.call('HDEL', kl, id)
    end
    redis.call('ZREM', ke, id)
  end
  redis.call('HSET', kb, 'reserved', str(reserved))
  return #ids
end
local function state(kb, kl)
  local v = redis.call('HMGET', kb, 'period', 'currency', 'limit', 'spent', 'reserved')
  return { v[1] or '', v[2] or '', v[3] or '0', v[4] or '0', v[5] or '0', redis.call('HLEN', kl) }
end
local function reply(word, kb, kl)
  local s = state(kb, kl)
  return { word, s[1], s[2], s[3], s[4], s[5], s[6] }
end
`;

/** ARGV: lease id, amount, limit, currency, period key, expires at (ms), now (ms), allow over ("1"/"0"). */
export const RESERVE_LUA = `${BUDGET_LUA}
local kb, kl, ke, ks = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, amount, limit, currency, period, expiresAt, now, over =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local cur = redis.call('HGET', kb, 'currency')
if cur and cur ~= currency then return redis.error_reply('CURRENCY budget is kept in ' .. cur) end
reap(kb, kl, ke, now)
if redis.call('HEXISTS', kl, id) == 1 then return reply('held', kb, kl) end
if redis.call('ZSCORE', ks, id) then return reply('settled', kb, kl) end
local p = redis.call('HGET', kb, 'period')
if not p then
  redis.call('HSET', kb, 'period', period)
elseif period > p then
  redis.call('HSET', kb, 'period', period, 'spent', '0')
end
redis.call('HSET', kb, 'limit', limit, 'currency', currency)
local spent = big(redis.call('HGET', kb, 'spent') or '0')
local reserved = big(redis.call('HGET', kb, 'reserved') or '0')
local a = big(amount)
if over ~= '1' and cmp(add(add(spent, reserved), a), big(limit)) > 0 then
  return reply('refused', kb, kl)
end
redis.call('HSET', kb, 'reserved', str(add(reserved, a)))
redis.call('HSET', kl, id, amount)
redis.call('ZADD', ke, expiresAt, id)
return reply('granted', kb, kl)
`;

/** ARGV: lease id, actual, currency, now (ms), settled retention (ms). */
export const SETTLE_LUA = `${BUDGET_LUA}
local kb, kl, ke, ks = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, actual, currency, now, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local cur = redis.call('HGET', kb, 'currency')
if cur and cur ~= currency then return redis.error_reply('CURRENCY budget is kept in ' .. cur) end
if redis.call('ZSCORE', ks, id) then return reply('duplicate', kb, kl) end
local outcome = 'late'
local reserved = big(redis.call('HGET', kb, 'reserved') or '0')
local amount = redis.call('HGET', kl, id)
if amount then
  reserved = sub(reserved, big(amount))
  redis.call('HDEL', kl, id)
  redis.call('ZREM', ke, id)
  outcome = 'settled'
end
local spent = add(big(redis.call('HGET', kb, 'spent') or '0'), big(actual))
redis.call('HSET', kb, 'spent', str(spent), 'reserved', str(reserved), 'currency', currency)
redis.call('ZADD', ks, now, id)
redis.call('ZREMRANGEBYSCORE', ks, '-inf', tostring(tonumber(now) - tonumber(retention)))
return reply(outcome, kb, kl)
`;

/** ARGV: lease id. Returns 1 when the lease was held. */
export const RELEASE_LUA = `${BUDGET_LUA}
local kb, kl, ke = KEYS[1], KEYS[2], KEYS[3]
local amount = redis.call('HGET', kl, ARGV[1])
if not amount then return 0 end
local reserved = sub(big(redis.call('HGET', kb, 'reserved') or '0'), big(amount))
redis.call('HSET', kb, 'reserved', str(reserved))
redis.call('HDEL', kl, ARGV[1])
redis.call('ZREM', ke, ARGV[1])
return 1
`;

/** ARGV: now (ms). Returns the number of leases reaped. */
export const REAP_LUA = `${BUDGET_LUA}
return reap(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
`;

/** ARGV: now (ms). Reaps, then the state (empty when the budget does not exist). */
export const STATUS_LUA = `${BUDGET_LUA}
reap(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
return reply('status', KEYS[1], KEYS[2])
`;
