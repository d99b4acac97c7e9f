/**
 * Exact non-negative integer arithmetic on decimal strings for the budget scripts. Redis' Lua numbers
 * are doubles (exact to 2^53) and `INCRBY` is int64 (9.22 × 10^18 atto-units: 9.22 units of a
 * currency), so amounts are kept as decimal strings of atto-units and added, subtracted and compared
 * here in limbs of 15 digits (a limb < 10^15, a sum of two limbs plus a carry < 2^53: exact in a
 * double). 15 digits rather than 7 halves the limbs of a typical amount (10^20 atto-units = 100 USD
 * is two limbs, not three), and with them the parsing and formatting work per script call.
 * `%.0f` formats a limb exactly without relying on the width of C's `long`.
 */
export const BIG_DECIMAL_LUA = `
local LIMB = 1000000000000000
local function big(s)
  local n = #s
  if n <= 15 then return { tonumber(s) or 0 } end
  local t = {}
  local i = n
  while i >= 1 do
    local j = i - 14
    if j < 1 then j = 1 end
    t[#t + 1] = tonumber(string.sub(s, j, i))
    i = j - 1
  end
  return t
end
local function str(t)
  local n = #t
  while n > 1 and t[n] == 0 do n = n - 1 end
  if n == 1 then return string.format('%.0f', t[1]) end
  local out = { string.format('%.0f', t[n]) }
  for k = n - 1, 1, -1 do out[#out + 1] = string.format('%015.0f', t[k]) end
  return table.concat(out)
end
local function add(a, b)
  local r, c = {}, 0
  local n = #a
  if #b > n then n = #b end
  for k = 1, n do
    local s = (a[k] or 0) + (b[k] or 0) + c
    if s >= LIMB then r[k] = s - LIMB; c = 1 else r[k] = s; c = 0 end
  end
  if c > 0 then r[n + 1] = c end
  return r
end
local function cmp(a, b)
  local na, nb = #a, #b
  while na > 1 and a[na] == 0 do na = na - 1 end
  while nb > 1 and b[nb] == 0 do nb = nb - 1 end
  if na ~= nb then if na < nb then return -1 else return 1 end end
  for k = na, 1, -1 do
    if a[k] ~= b[k] then if a[k] < b[k] then return -1 else return 1 end end
  end
  return 0
end
local function sub(a, b)
  if cmp(a, b) < 0 then return { 0 } end
  local r, c = {}, 0
  for k = 1, #a do
    local s = a[k] - (b[k] or 0) - c
    if s < 0 then r[k] = s + LIMB; c = 1 else r[k] = s; c = 0 end
  end
  return r
end
`;
