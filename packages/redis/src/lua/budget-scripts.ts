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
//
// A reserve, a settle and a release are item functions (reserveItem, settleItem, releaseItem) over
// the hash's values in `b` (b[8]: changed, so written once by save()); the single-op scripts run one,
// BATCH_LUA (group commit) runs a turn's operations on one budget in order with the same functions.
// num() parses a decimal string into limbs, text() formats limbs: plainly in the single-op scripts
// (each amount is parsed once there anyway), remembered in the batch script: num() keeps each
// string's limbs and text() the limbs of each string it formats (add, sub and cmp never change their
// arguments), so a batch's items do not parse the running spent, reserved and limit again and again.
const PLAIN_NUM_LUA = `
local num, text = big, str
`;
const MEMO_NUM_LUA = `
local parsed = {}
local function num(s)
  local t = parsed[s]
  if t == nil then t = big(s); parsed[s] = t end
  return t
end
local function text(t)
  local s = str(t)
  parsed[s] = t
  return s
end
`;
const BUDGET_LUA = `
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
  local reserved, n = num(b[5]), 0
  while #ids > 0 do
    for _, id in ipairs(ids) do
      local amount = redis.call('HGET', kl, id)
      if amount then
        reserved = sub(reserved, num(amount))
        redis.call('HDEL', kl, id)
        b[6] = b[6] - 1
      end
    end
    redis.call('ZREM', ke, unpack(ids))
    n = n + #ids
    if #ids < REAP_BATCH then break end
    ids = redis.call('ZRANGEBYSCORE', ke, '-inf', now, 'LIMIT', 0, REAP_BATCH)
  end
  b[5] = text(reserved)
  return n
end
local function reply(word, b)
  return { word, b[1], b[2], b[3], b[4], b[5], b[6] }
end
-- b[8] marks the hash as changed, b[9] the trim time: written once, by save(), after every item.
local function save(kb, b)
  if b[9] then
    redis.call('HSET', kb, 'period', b[1], 'currency', b[2], 'limit', b[3], 'spent', b[4],
      'reserved', b[5], 'leases', b[6], 'trimmed', b[7])
  else
    redis.call('HSET', kb, 'period', b[1], 'currency', b[2], 'limit', b[3], 'spent', b[4],
      'reserved', b[5], 'leases', b[6])
  end
end
`;

// The item functions, each in the scripts that run it (defining a function costs every call).
const RESERVE_ITEM_LUA = `
-- One reserve after its currency check and reaping: the duplicate check, the period, the hard limit.
local function reserveItem(b, kl, ke, ks, id, amount, limit, currency, period, expiresAt, over)
  if redis.call('HEXISTS', kl, id) == 1 then return 'held' end
  if redis.call('ZSCORE', ks, id) then return 'settled' end
  if b[2] ~= currency or b[3] ~= limit then b[8] = true end
  if b[1] == '' then b[1] = period; b[8] = true
  elseif period > b[1] then b[1] = period; b[4] = '0'; b[8] = true end
  b[2], b[3] = currency, limit
  local reserved, a = num(b[5]), num(amount)
  if over == '1' or cmp(add(add(num(b[4]), reserved), a), num(limit)) <= 0 then
    b[5] = text(add(reserved, a))
    b[6] = b[6] + 1
    b[8] = true
    redis.call('HSET', kl, id, amount)
    redis.call('ZADD', ke, expiresAt, id)
    return 'granted'
  end
  return 'refused'
end
`;
const SETTLE_ITEM_LUA = `
-- One settle after its currency check: idempotent by lease id (the settled ids' sorted set).
local function settleItem(b, kl, ke, ks, id, actual, currency, now, retention)
  if redis.call('ZSCORE', ks, id) then return 'duplicate' end
  local outcome = 'late'
  local amount = redis.call('HGET', kl, id)
  if amount then
    b[5] = text(sub(num(b[5]), num(amount)))
    b[6] = b[6] - 1
    redis.call('HDEL', kl, id)
    redis.call('ZREM', ke, id)
    outcome = 'settled'
  end
  b[2], b[4] = currency, text(add(num(b[4]), num(actual)))
  b[8] = true
  redis.call('ZADD', ks, now, id)
  local at = tonumber(now)
  if at - b[7] >= 1000 or at < b[7] then
    redis.call('ZREMRANGEBYSCORE', ks, '-inf', string.format('%.0f', at - tonumber(retention)))
    b[7], b[9] = at, true
  end
  return outcome
end
`;
const RELEASE_ITEM_LUA = `
-- One release: 1 when the lease was held. Loads the hash (when b is nil) only then.
local function releaseItem(b, kb, kl, ke, id)
  local amount = redis.call('HGET', kl, id)
  if not amount then return 0, b end
  if not b then b = load(kb, kl) end
  redis.call('HDEL', kl, id)
  redis.call('ZREM', ke, id)
  b[5] = text(sub(num(b[5]), num(amount)))
  b[6] = b[6] - 1
  b[8] = true
  return 1, b
end
`;
/** The common helpers with plain or remembered amount parsing, then the item functions given. */
const budgetLua = (memo: boolean, ...items: string[]) =>
  `${BIG_DECIMAL_LUA}${memo ? MEMO_NUM_LUA : PLAIN_NUM_LUA}${BUDGET_LUA}${items.join("")}`;

/** ARGV: lease id, amount, limit, currency, period key, expires at (ms), now (ms), allow over ("1"/"0"). */
export const RESERVE_LUA = `${budgetLua(false, RESERVE_ITEM_LUA)}
local kb, kl, ke, ks = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local currency = ARGV[4]
local b = load(kb, kl)
if b[2] ~= '' and b[2] ~= currency then return redis.error_reply('CURRENCY budget is kept in ' .. b[2]) end
if reapInto(b, kl, ke, ARGV[7]) > 0 then b[8] = true end
local word = reserveItem(b, kl, ke, ks, ARGV[1], ARGV[2], ARGV[3], currency, ARGV[5], ARGV[6], ARGV[8])
if b[8] then save(kb, b) end
return reply(word, b)
`;

/** ARGV: lease id, actual, currency, now (ms), settled retention (ms). */
export const SETTLE_LUA = `${budgetLua(false, SETTLE_ITEM_LUA)}
local kb, kl, ke, ks = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local currency = ARGV[3]
local b = load(kb, kl)
if b[2] ~= '' and b[2] ~= currency then return redis.error_reply('CURRENCY budget is kept in ' .. b[2]) end
local outcome = settleItem(b, kl, ke, ks, ARGV[1], ARGV[2], currency, ARGV[4], ARGV[5])
if b[8] then save(kb, b) end
return reply(outcome, b)
`;

/** ARGV: lease id. Returns 1 when the lease was held. */
export const RELEASE_LUA = `${budgetLua(false, RELEASE_ITEM_LUA)}
local held, b = releaseItem(nil, KEYS[1], KEYS[2], KEYS[3], ARGV[1])
if held == 1 then save(KEYS[1], b) end
return held
`;

/**
 * Group commit: the reserves, settles and releases one store issued for one budget in one event-loop
 * turn, applied in the order given, each with exactly the semantics of its single-op script above
 * (the same item functions). The budget hash is read once and written once at the end; expired
 * leases are reaped before a reserve only when its clock is past the last reap, or past the expiry
 * of a lease this call added (so the outcome is the one separate scripts would give).
 *
 * ARGV: settled retention (ms), then the items: `r` lease id, amount, limit, currency, period key,
 * expires at, now, allow over; `s` lease id, actual, currency, now; `x` lease id.
 * Returns the items' replies one after another: a reserve's or settle's 7 fields (as the single
 * scripts), a release's 0 or 1, or `CURRENCY` and the budget's currency for an item in another one
 * (that item only fails).
 */
export const BATCH_LUA = `${budgetLua(true, RESERVE_ITEM_LUA, SETTLE_ITEM_LUA, RELEASE_ITEM_LUA)}
local kb, kl, ke, ks = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local retention = ARGV[1]
local b = load(kb, kl)
local out, n = {}, 0
local reapedAt, soonest = -1, nil
local i, last = 2, #ARGV
while i <= last do
  local op = ARGV[i]
  if op == 'x' then
    n = n + 1
    out[n] = releaseItem(b, kb, kl, ke, ARGV[i + 1])
    i = i + 2
  else
    local currency, word
    if op == 'r' then currency = ARGV[i + 4] else currency = ARGV[i + 3] end
    if b[2] ~= '' and b[2] ~= currency then
      out[n + 1], out[n + 2] = 'CURRENCY', b[2]
      n = n + 2
    else
      if op == 'r' then
        local now = ARGV[i + 7]
        local t = tonumber(now)
        if t > reapedAt or (soonest and t >= soonest) then
          if reapInto(b, kl, ke, now) > 0 then b[8] = true end
          if t > reapedAt then reapedAt = t end
        end
        word = reserveItem(b, kl, ke, ks, ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], currency, ARGV[i + 5],
          ARGV[i + 6], ARGV[i + 8])
        if word == 'granted' then
          local e = tonumber(ARGV[i + 6])
          if not soonest or e < soonest then soonest = e end
        end
      else
        word = settleItem(b, kl, ke, ks, ARGV[i + 1], ARGV[i + 2], currency, ARGV[i + 4], retention)
      end
      out[n + 1], out[n + 2], out[n + 3], out[n + 4], out[n + 5], out[n + 6], out[n + 7] =
        word, b[1], b[2], b[3], b[4], b[5], b[6]
      n = n + 7
    end
    if op == 'r' then i = i + 9 else i = i + 5 end
  end
end
if b[8] then save(kb, b) end
return out
`;

/** ARGV: now (ms). Returns the number of leases reaped. */
export const REAP_LUA = `${budgetLua(false)}
local b = load(KEYS[1], KEYS[2])
local n = reapInto(b, KEYS[2], KEYS[3], ARGV[1])
if n > 0 then redis.call('HSET', KEYS[1], 'reserved', b[5], 'leases', b[6]) end
return n
`;

/** ARGV: now (ms). Reaps, then the state (empty when the budget does not exist). */
export const STATUS_LUA = `${budgetLua(false)}
local b = load(KEYS[1], KEYS[2])
if reapInto(b, KEYS[2], KEYS[3], ARGV[1]) > 0 then redis.call('HSET', KEYS[1], 'reserved', b[5], 'leases', b[6]) end
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
return reply('status', b)
`;
