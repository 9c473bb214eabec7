/**
 * Wireshark's Lua API subset, written in Lua and run in the sandboxed state before the user's file:
 * Proto, ProtoField.*, Field.new, DissectorTable.get("tcp.port"|"udp.port"):add, heuristic and
 * post-dissector registration, Tvb/TvbRange, Pinfo (cols, addresses, ports, number, desegment_len/
 * offset), TreeItem:add/add_le/append_text/set_text, base.*, DESEGMENT_ONE_MORE_SEGMENT. Anything else
 * of Wireshark's API raises "Wireshark Lua API 'X' is not supported by Wirewho". The host calls
 * __ww_manifest() after loading and __ww_call() per buffer; both answer in JSON.
 */
export const LUA_PRELUDE = String.raw`
local sfmt, sbyte, ssub, sfind, tconcat, mtype = string.format, string.byte, string.sub, string.find, table.concat, math.type
local unsupported_msg = "Wireshark Lua API '%s' is not supported by Wirewho"
local function unsupported(name) error(sfmt(unsupported_msg, name), 3) end
local function strict(kind)
  return function(_, k) unsupported(kind .. tostring(k)) end
end

local protos, heur, post, ports, extractors, allfields = {}, {}, {}, {}, {}, {}
local cur = nil   -- state of the call in progress
local display, decode   -- defined with the tree items, used by Field extractors

DESEGMENT_ONE_MORE_SEGMENT = 0x0fffffff
base = setmetatable({ NONE = 0, DEC = 1, HEX = 2, OCT = 3, DEC_HEX = 4, HEX_DEC = 5, UNIT_STRING = 0x1000,
  ASCII = 0, UNICODE = 7, DOT = 8, DASH = 9, COLON = 10, SPACE = 11 }, { __index = strict("base.") })
ENC_BIG_ENDIAN, ENC_LITTLE_ENDIAN, ENC_NA, ENC_ASCII, ENC_UTF_8 = 0, 0x80000000, 0, 0, 2

-- 64-bit values as Wireshark's UInt64/Int64 (tostring, tonumber, comparisons)
local U64 = {}
U64.__index = setmetatable({
  tonumber = function(s) return s.signed and s.v + 0.0 or (s.v >= 0 and s.v + 0.0 or (s.v + 0.0) + 18446744073709551616.0) end,
  tohex = function(s, n) return sfmt("%0" .. (n or 16) .. "x", s.v) end,
  lower = function(s) return s.v & 0xffffffff end,
  higher = function(s) return (s.v >> 32) & 0xffffffff end,
}, { __index = strict("UInt64:") })
local function u64str(s)
  local v = s.v
  if s.signed or v >= 0 then return tostring(v) end
  local q = (v >> 1) // 5
  return tostring(q) .. tostring(v - q * 10)
end
U64.__tostring = u64str
U64.__eq = function(a, b) return a.v == b.v end
U64.__lt = function(a, b) if a.signed then return a.v < b.v end return math.ult(a.v, b.v) end
U64.__le = function(a, b) return a == b or a < b end
local function u64(v, signed) return setmetatable({ v = v, signed = signed }, U64) end

-- ByteArray (hex text, length, index)
local BA = {}
BA.__index = setmetatable({
  len = function(s) return #s.d end,
  tohex = function(s, lower, sep)
    local t = {}
    for i = 1, #s.d do t[i] = sfmt(lower and "%02x" or "%02X", sbyte(s.d, i)) end
    return tconcat(t, sep or "")
  end,
  get_index = function(s, i) return sbyte(s.d, i + 1) end,
  raw = function(s) return s.d end,
  subset = function(s, o, l) return setmetatable({ d = ssub(s.d, o + 1, o + l) }, BA) end,
}, { __index = strict("ByteArray:") })
BA.__tostring = function(s) return s:tohex() end
BA.__len = function(s) return #s.d end
BA.__concat = function(a, b) return setmetatable({ d = a.d .. b.d }, BA) end
BA.__eq = function(a, b) return a.d == b.d end

local Address = {}
Address.__index = strict("Address:")
Address.__tostring = function(s) return s.text end
Address.__eq = function(a, b) return a.text == b.text end

-- Tvb / TvbRange
local Tvb, TvbRange = {}, {}
local function new_tvb(d, base_off)
  return setmetatable({ d = d, base = base_off }, Tvb)
end
local function range_of(t, o, l)
  o = o or 0
  local n = #t.d
  if mtype(o) ~= "integer" then o = math.tointeger(o) or error("bad offset", 3) end
  if l == nil or l == -1 then l = n - o end
  if o < 0 or l < 0 or o + l > n then error("Range is out of bounds", 3) end
  return setmetatable({ t = t, o = o, l = l }, TvbRange)
end
local tvb_methods = {
  len = function(s) return #s.d end,
  captured_len = function(s) return #s.d end,
  reported_len = function(s) return #s.d end,
  reported_length_remaining = function(s, o) return #s.d - (o or 0) end,
  reported_len_remaining = function(s, o) return #s.d - (o or 0) end,
  range = function(s, o, l) return range_of(s, o, l) end,
  bytes = function(s, o, l) local r = range_of(s, o, l) return setmetatable({ d = ssub(s.d, r.o + 1, r.o + r.l) }, BA) end,
  raw = function(s, o, l) local r = range_of(s, o, l) return ssub(s.d, r.o + 1, r.o + r.l) end,
  offset = function() return 0 end,
}
Tvb.__index = setmetatable(tvb_methods, { __index = strict("Tvb:") })
Tvb.__call = function(s, o, l) return range_of(s, o, l) end
Tvb.__tostring = function(s) return sfmt("TVB(%d) : %s", #s.d, setmetatable({ d = ssub(s.d, 1, 24) }, BA):tohex(true)) end
Tvb.__len = function(s) return #s.d end

local function rbytes(r) return ssub(r.t.d, r.o + 1, r.o + r.l) end
local function uint_of(r, le, maxn, what)
  if r.l < 1 or r.l > maxn then error(sfmt("TvbRange:%s: range length %d is not 1 to %d bytes", what, r.l, maxn), 3) end
  local v = 0
  for i = 1, r.l do
    local b = sbyte(r.t.d, le and (r.o + r.l - i + 1) or (r.o + i))
    v = (v << 8) | b
  end
  return v
end
local function sign(v, n) if n < 8 and v >= (1 << (8 * n - 1)) then return v - (1 << (8 * n)) end return v end
local function ipv4_text(s) return sfmt("%d.%d.%d.%d", sbyte(s, 1, 4)) end
local range_methods = {
  len = function(r) return r.l end,
  offset = function(r) return r.o end,
  uint = function(r) return uint_of(r, false, 4, "uint") end,
  le_uint = function(r) return uint_of(r, true, 4, "le_uint") end,
  int = function(r) return sign(uint_of(r, false, 4, "int"), r.l) end,
  le_int = function(r) return sign(uint_of(r, true, 4, "le_int"), r.l) end,
  uint64 = function(r) return u64(uint_of(r, false, 8, "uint64"), false) end,
  le_uint64 = function(r) return u64(uint_of(r, true, 8, "le_uint64"), false) end,
  int64 = function(r) return u64(sign(uint_of(r, false, 8, "int64"), r.l), true) end,
  le_int64 = function(r) return u64(sign(uint_of(r, true, 8, "le_int64"), r.l), true) end,
  string = function(r) return rbytes(r) end,
  stringz = function(r) local s = rbytes(r) local z = s:find("\0", 1, true) return z and ssub(s, 1, z - 1) or s end,
  bytes = function(r) return setmetatable({ d = rbytes(r) }, BA) end,
  raw = function(r, o, l) o = o or 0 l = l or (r.l - o) return ssub(r.t.d, r.o + o + 1, r.o + o + l) end,
  ipv4 = function(r)
    if r.l ~= 4 then error("TvbRange:ipv4: range must be 4 bytes", 2) end
    return setmetatable({ text = ipv4_text(rbytes(r)) }, Address)
  end,
  le_ipv4 = function(r)
    if r.l ~= 4 then error("TvbRange:le_ipv4: range must be 4 bytes", 2) end
    return setmetatable({ text = ipv4_text(rbytes(r):reverse()) }, Address)
  end,
  ether = function(r)
    if r.l ~= 6 then error("TvbRange:ether: range must be 6 bytes", 2) end
    return setmetatable({ text = sfmt("%02x:%02x:%02x:%02x:%02x:%02x", sbyte(rbytes(r), 1, 6)) }, Address)
  end,
  tvb = function(r) return new_tvb(rbytes(r), r.t.base and (r.t.base + r.o) or nil) end,
  range = function(r, o, l)
    o = o or 0
    if l == nil or l == -1 then l = r.l - o end
    if o < 0 or l < 0 or o + l > r.l then error("Range is out of bounds", 2) end
    return setmetatable({ t = r.t, o = r.o + o, l = l }, TvbRange)
  end,
}
TvbRange.__index = setmetatable(range_methods, { __index = strict("TvbRange:") })
TvbRange.__call = range_methods.range
TvbRange.__tostring = function(r) return setmetatable({ d = ssub(rbytes(r), 1, 24) }, BA):tohex(true) end
TvbRange.__len = function(r) return r.l end

-- ProtoField
local PF = {}
local pf_optional = { vs = true, mask = true, desc = true }
PF.__index = function(_, k) if pf_optional[k] then return nil end unsupported("ProtoField." .. tostring(k)) end
PF.__tostring = function(f) return "ProtoField(" .. f.abbr .. ")" end
local function new_field(ftype, abbr, name, b, vs, mask, desc)
  if type(abbr) ~= "string" or not abbr:match("^[%w_][%w_%.%-]*$") then error("ProtoField: bad field abbreviation " .. tostring(abbr), 3) end
  if vs ~= nil and type(vs) ~= "table" then error("ProtoField " .. abbr .. ": value strings must be a table", 3) end
  local f = setmetatable({ ftype = ftype, abbr = abbr, name = name or abbr, base = b or 1, vs = vs, mask = mask, desc = desc, id = #allfields + 1 }, PF)
  allfields[f.id] = f
  return f
end
ProtoField = {}
for _, t in ipairs({ "uint8", "uint16", "uint24", "uint32", "uint64", "int8", "int16", "int24", "int32", "int64", "framenum" }) do
  local ft = "FT_" .. t:upper()
  ProtoField[t] = function(abbr, name, b, vs, mask, desc) return new_field(ft, abbr, name, b, vs, mask, desc) end
end
ProtoField.string = function(abbr, name, b, desc) return new_field("FT_STRING", abbr, name, b, nil, nil, desc) end
ProtoField.stringz = function(abbr, name, b, desc) return new_field("FT_STRINGZ", abbr, name, b, nil, nil, desc) end
ProtoField.bytes = function(abbr, name, b, desc) return new_field("FT_BYTES", abbr, name, b, nil, nil, desc) end
ProtoField.bool = function(abbr, name, b, vs, mask, desc) return new_field("FT_BOOLEAN", abbr, name, b, vs, mask, desc) end
ProtoField.ipv4 = function(abbr, name, desc) return new_field("FT_IPv4", abbr, name, 0, nil, nil, desc) end
ProtoField.ether = function(abbr, name, desc) return new_field("FT_ETHER", abbr, name, 0, nil, nil, desc) end
setmetatable(ProtoField, { __index = strict("ProtoField.") })

-- Proto
local ProtoMT = {}
local proto_get = {
  name = function(p) return p._name end,
  description = function(p) return p._desc end,
  fields = function(p) return p._fields end,
  dissector = function(p) return rawget(p, "_dissector") end,
  init = function(p) return p._init end,
  register_heuristic = function() return function(p, list, fn)
    if list ~= "tcp" and list ~= "udp" then error("register_heuristic: only the \"tcp\" and \"udp\" lists are supported", 2) end
    if type(fn) ~= "function" then error("register_heuristic: a function is needed", 2) end
    heur[#heur + 1] = { list = list, proto = p, fn = fn }
  end end,
}
ProtoMT.__index = function(p, k)
  local g = proto_get[k]
  if g then return g(p) end
  unsupported("Proto." .. tostring(k))
end
ProtoMT.__newindex = function(p, k, v)
  if k == "fields" then
    if type(v) ~= "table" then error("Proto.fields must be a table", 2) end
    rawset(p, "_fields", v)
  elseif k == "dissector" then
    if type(v) ~= "function" then error("Proto.dissector must be a function", 2) end
    rawset(p, "_dissector", v)
  elseif k == "init" then rawset(p, "_init", v)
  else unsupported("Proto." .. tostring(k)) end
end
ProtoMT.__tostring = function(p) return "Proto(" .. p._name .. ")" end
Proto = setmetatable({
  new = function(name, desc)
    if type(name) ~= "string" or not name:match("^[%w_][%w_%.%-]*$") then error("Proto: bad protocol name " .. tostring(name), 2) end
    for _, q in ipairs(protos) do if q._name:lower() == name:lower() then error("Proto: protocol " .. name .. " already exists", 2) end end
    local p = setmetatable({ _name = name, _desc = desc or name, _fields = {}, _idx = #protos + 1 }, ProtoMT)
    protos[#protos + 1] = p
    return p
  end,
}, { __call = function(t, name, desc) return t.new(name, desc) end, __index = strict("Proto.") })

function register_postdissector(p)
  if getmetatable(p) ~= ProtoMT then error("register_postdissector: a Proto is needed", 2) end
  post[#post + 1] = p
end

local DT = {}
DT.__index = setmetatable({
  add = function(t, spec, p)
    if getmetatable(p) ~= ProtoMT then error("DissectorTable:add: a Proto is needed", 2) end
    local list = {}
    if mtype(spec) == "integer" then list[1] = { spec, spec }
    elseif type(spec) == "string" then
      for part in spec:gmatch("[^,%s]+") do
        local a, b = part:match("^(%d+)%-(%d+)$")
        if a then list[#list + 1] = { tonumber(a), tonumber(b) }
        elseif part:match("^%d+$") then list[#list + 1] = { tonumber(part), tonumber(part) }
        else error("DissectorTable:add: bad port " .. part, 2) end
      end
    else error("DissectorTable:add: a port number or range string is needed", 2) end
    for _, r in ipairs(list) do
      if r[1] < 0 or r[2] > 65535 or r[1] > r[2] then error("DissectorTable:add: port out of range", 2) end
      ports[#ports + 1] = { t.name, r[1], r[2], p }
    end
  end,
}, { __index = strict("DissectorTable:") })
DissectorTable = setmetatable({
  get = function(name)
    if name ~= "tcp.port" and name ~= "udp.port" then error(sfmt(unsupported_msg, 'DissectorTable.get("' .. tostring(name) .. '")') .. " (only tcp.port and udp.port)", 2) end
    return setmetatable({ name = name }, DT)
  end,
}, { __index = strict("DissectorTable.") })

-- Field.new: extractors of our fields and of a few built-in ones (from the packet's metadata).
local builtin = { ["frame.number"] = "number", ["ip.src"] = "src", ["ip.dst"] = "dst", ["ipv6.src"] = "src6", ["ipv6.dst"] = "dst6",
  ["tcp.srcport"] = "tsp", ["tcp.dstport"] = "tdp", ["udp.srcport"] = "usp", ["udp.dstport"] = "udp_", ["tcp.stream"] = "tstream", ["udp.stream"] = "ustream",
  ["ip.proto"] = "ipproto4", ["ipv6.nxt"] = "ipproto6" }
local FI = {}
FI.__index = function(fi, k)
  if k == "value" then return fi._v elseif k == "len" then return fi._l elseif k == "offset" then return fi._o
  elseif k == "name" then return fi._n elseif k == "display" then return fi._d end
  unsupported("FieldInfo." .. tostring(k))
end
FI.__tostring = function(fi) return fi._d end
local FX = {}
FX.__index = strict("Field:")
FX.__call = function(x)
  if cur == nil then error("Field extractors work only while dissecting", 2) end
  local out = {}
  local m = builtin[x.name]
  if m then
    local v = cur.meta[m]
    if v ~= nil and v ~= "" then out[1] = setmetatable({ _v = v, _l = 0, _o = 0, _n = x.name, _d = tostring(v) }, FI) end
  else
    local items = cur.items
    for k = 1, #items do
      local it = items[k]
      local f = it[2] == 1 and allfields[it[3]]
      if f and f.abbr == x.name then
        local v, r = rawget(it, "v"), rawget(it, "r")
        if v == nil then v = decode(f, r, it[6] == 1) end
        out[#out + 1] = setmetatable({ _v = v, _l = it[5], _o = it[4], _n = x.name, _d = display(f, v, r and r.l) }, FI)
      end
    end
  end
  return table.unpack(out)
end
Field = setmetatable({
  new = function(name)
    if type(name) ~= "string" then error("Field.new: a field name is needed", 2) end
    local x = setmetatable({ name = name }, FX)
    extractors[#extractors + 1] = { name = name }
    return x
  end,
}, { __index = strict("Field.") })

-- Columns and Pinfo
local Col = {}
-- A call starts with a shared empty column table; the first write gives it its own.
local function cols_w()
  local c = cur.cols
  if next(c) == nil and rawequal(c, cur.empty) then c = {} cur.cols = c end
  return c
end
Col.__index = setmetatable({
  set = function(c, s) cols_w()[c.n] = tostring(s) end,
  append = function(c, s) cols_w()[c.n] = (cur.cols[c.n] or "") .. tostring(s) end,
  prepend = function(c, s) cols_w()[c.n] = tostring(s) .. (cur.cols[c.n] or "") end,
  clear = function(c) cols_w()[c.n] = "" end,
}, { __index = strict("Column:") })
Col.__tostring = function(c) return cur.cols[c.n] or "" end
local col_names = { protocol = setmetatable({ n = "protocol" }, Col), info = setmetatable({ n = "info" }, Col) }
local Cols = {}
Cols.__index = function(_, k) local c = col_names[k] if c then return c end unsupported("pinfo.cols." .. tostring(k)) end
Cols.__newindex = function(_, k, v) if col_names[k] then cols_w()[k] = tostring(v) else unsupported("pinfo.cols." .. tostring(k)) end end
local COLS = setmetatable({}, Cols)
local Pinfo = {}
local pinfo_get = {
  number = function(m) return m.number end, src_port = function(m) return m.sport end, dst_port = function(m) return m.dport end,
  src = function(m) return setmetatable({ text = m.srcaddr }, Address) end, dst = function(m) return setmetatable({ text = m.dstaddr }, Address) end,
  net_src = function(m) return setmetatable({ text = m.srcaddr }, Address) end, net_dst = function(m) return setmetatable({ text = m.dstaddr }, Address) end,
  can_desegment = function(m) return m.can_desegment end, visited = function() return false end,
  desegment_len = function() return cur.dlen end, desegment_offset = function() return cur.doff end,
  cols = function() return COLS end, columns = function() return COLS end,
}
Pinfo.__index = function(p, k)
  local g = pinfo_get[k]
  if g then return g(p.m) end
  unsupported("Pinfo." .. tostring(k))
end
Pinfo.__newindex = function(_, k, v)
  if k == "desegment_len" then cur.dlen = math.tointeger(v) or error("desegment_len must be an integer", 2)
  elseif k == "desegment_offset" then cur.doff = math.tointeger(v) or error("desegment_offset must be an integer", 2)
  else unsupported("Pinfo." .. tostring(k) .. " (assignment)") end
end

-- TreeItem
local Tree = {}
local function vstring(f, v)
  if f.vs and mtype(v) == "integer" and f.vs[v] ~= nil then return tostring(f.vs[v]) end
  return nil
end
function display(f, v, n)
  local ft = f.ftype
  if ft == "FT_STRING" or ft == "FT_STRINGZ" then return '"' .. v .. '"' end
  if ft == "FT_BYTES" then return setmetatable({ d = v }, BA):tohex(true) end
  if ft == "FT_BOOLEAN" then return v and "True" or "False" end
  if ft == "FT_IPv4" or ft == "FT_ETHER" then return tostring(v) end
  local s = tostring(v)
  local w = n and n * 2 or 8
  if mtype(v) == "integer" then
    if f.base == 2 then s = sfmt("0x%0" .. w .. "x", v)
    elseif f.base == 3 then s = sfmt("0%o", v)
    elseif f.base == 4 then s = sfmt("%d (0x%0" .. w .. "x)", v, v)
    elseif f.base == 5 then s = sfmt("0x%0" .. w .. "x (%d)", v, v) end
  end
  local vs = vstring(f, v)
  if vs then return vs .. " (" .. s .. ")" end
  return s
end
local function shift_of(mask) local s = 0 while mask & 1 == 0 and s < 63 do mask = mask >> 1 s = s + 1 end return s end
function decode(f, r, le)
  local ft = f.ftype
  if ft == "FT_STRING" then return rbytes(r) end
  if ft == "FT_STRINGZ" then return range_methods.stringz(r) end
  if ft == "FT_BYTES" then return rbytes(r) end
  if ft == "FT_IPv4" then return le and range_methods.le_ipv4(r) or range_methods.ipv4(r) end
  if ft == "FT_ETHER" then return range_methods.ether(r) end
  local big = ft == "FT_UINT64" or ft == "FT_INT64"
  local v = uint_of(r, le, big and 8 or 4, "add")
  if f.mask then v = (v & f.mask) >> shift_of(f.mask) end
  if ft == "FT_BOOLEAN" then return v ~= 0 end
  if ft:sub(1, 6) == "FT_INT" and not f.mask then v = sign(v, r.l) end
  if big then return u64(v, ft == "FT_INT64") end
  return v
end
-- A tree item is one table: [1] parent id, [2] kind (0 proto, 1 field, 2 text), [3] proto/field id,
-- [4] offset in the call's buffer (-1 unknown), [5] length, [6] little-endian, [7] unused, [8] text
-- given by the dissector, [9] prepended, [10] appended text; r = its TvbRange, v = a value given
-- explicitly. Values, display strings and labels are made by the host from the buffer (runtime.ts),
-- so adding an item costs one table here.
local INTLEN = { FT_UINT8 = 4, FT_UINT16 = 4, FT_UINT24 = 4, FT_UINT32 = 4, FT_INT8 = 4, FT_INT16 = 4, FT_INT24 = 4, FT_INT32 = 4,
  FT_FRAMENUM = 4, FT_BOOLEAN = 4, FT_UINT64 = 8, FT_INT64 = 8 }
local FIXLEN = { FT_IPv4 = 4, FT_ETHER = 6 }
local function texts(n, ...)
  local t = {}
  for k = 2, n do t[k - 1] = tostring((select(k, ...))) end
  return tconcat(t, " ")
end
local function item(t, what, r, le, n, ...)
  local items = cur.items
  local k = #items + 1
  if k > 100000 then error("too many tree items in one call", 3) end
  local off, len = -1, 0
  if r then
    len = r.l
    local b = r.t.base
    if b then off = b + r.o end
  end
  local v1 = ...
  local mt = getmetatable(what)
  local it
  if mt == PF then
    it = setmetatable({ t.id, 1, what.id, off, len, le and 1 or 0, r = r, id = k }, Tree)
    if n >= 1 and v1 ~= nil then it.v = v1
    elseif not r then error("TreeItem:add: " .. what.abbr .. " needs a TvbRange or a value", 3)
    else
      local ft = what.ftype
      local max = INTLEN[ft]
      if max and (len < 1 or len > max) then error(sfmt("TvbRange:add: range length %d is not 1 to %d bytes", len, max), 3) end
      local fix = FIXLEN[ft]
      if fix and len ~= fix then error(sfmt("TvbRange:%s: range must be %d bytes", ft == "FT_IPv4" and "ipv4" or "ether", fix), 3) end
      if off < 0 then it.v = decode(what, r, le) end
    end
    if n >= 2 then it[8] = texts(n, ...) end
  elseif mt == ProtoMT then
    it = setmetatable({ t.id, 0, what._idx, off, len, 0, r = r, id = k }, Tree)
    if n >= 1 and v1 ~= nil then it[8] = tostring(v1) end
  elseif mt == TvbRange then
    r = what
    local b = r.t.base
    it = setmetatable({ t.id, 2, 0, b and b + r.o or -1, r.l, 0, r = r, id = k }, Tree)
    it[8] = tostring(v1 or "")
  elseif type(what) == "string" then
    it = setmetatable({ t.id, 2, 0, -1, 0, 0, id = k }, Tree)
    it[8] = what
  else
    error("TreeItem:add: a Proto, ProtoField, TvbRange or text is needed", 3)
  end
  items[k] = it
  return it
end
local function add(le)
  return function(t, what, a, ...)
    if getmetatable(a) == TvbRange then return item(t, what, a, le, select("#", ...), ...) end
    if a == nil and select("#", ...) == 0 then return item(t, what, nil, le, 0) end
    return item(t, what, nil, le, select("#", ...) + 1, a, ...)
  end
end
Tree.__index = setmetatable({
  add = add(false),
  add_le = add(true),
  append_text = function(t, s) if rawget(t, 2) then t[10] = (rawget(t, 10) or "") .. tostring(s) end return t end,
  prepend_text = function(t, s) if rawget(t, 2) then t[9] = tostring(s) .. (rawget(t, 9) or "") end return t end,
  set_text = function(t, s) if rawget(t, 2) then t[8] = tostring(s) t[9] = nil t[10] = nil end return t end,
}, { __index = strict("TreeItem:") })

-- JSON out (bytes >= 0x80 and controls escaped as \u00XX: the host reads them back as bytes)
local function jesc(c) return sfmt("\\u%04x", sbyte(c)) end
local JSPECIAL = '[%c"\\\128-\255]'
local function jstr(s)
  -- Most strings need no escaping: test before building a copy.
  if not sfind(s, JSPECIAL) then return '"' .. s .. '"' end
  return '"' .. s:gsub(JSPECIAL, jesc) .. '"'
end
local function jval(v)
  local t = type(v)
  if t == "string" then return jstr(v) end
  if t == "boolean" then return v and "true" or "false" end
  if t == "number" then
    if mtype(v) == "integer" then return tostring(v) end
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    return sfmt("%.17g", v)
  end
  if getmetatable(v) == U64 then return jstr(u64str(v)) end
  if getmetatable(v) == Address then return jstr(v.text) end
  if getmetatable(v) == BA then return jstr(v.d) end
  if v == nil then return "null" end
  return jstr(tostring(v))
end

function __ww_manifest()
  local out = {}
  for i, p in ipairs(protos) do
    local fs = {}
    for _, f in pairs(p._fields) do
      if getmetatable(f) == PF then
        fs[#fs + 1] = "[" .. jstr(f.abbr) .. "," .. jstr(tostring(f.name)) .. "," .. jstr(f.ftype) .. "]"
      end
    end
    out[#out + 1] = "{\"name\":" .. jstr(p._name) .. ",\"desc\":" .. jstr(tostring(p._desc)) .. ",\"dissector\":" .. tostring(rawget(p, "_dissector") ~= nil) .. ",\"fields\":[" .. tconcat(fs, ",") .. "]}"
  end
  local ps = {}
  for _, e in ipairs(ports) do
    local idx = 0
    for i, p in ipairs(protos) do if p == e[4] then idx = i end end
    ps[#ps + 1] = "[" .. jstr(e[1]) .. "," .. e[2] .. "," .. e[3] .. "," .. idx .. "]"
  end
  local hs = {}
  for i, h in ipairs(heur) do
    local idx = 0
    for j, p in ipairs(protos) do if p == h.proto then idx = j end end
    hs[#hs + 1] = "[" .. jstr(h.list) .. "," .. idx .. "]"
  end
  local po = {}
  for _, p in ipairs(post) do for j, q in ipairs(protos) do if p == q then po[#po + 1] = tostring(j) end end end
  local ex = {}
  for _, e in ipairs(extractors) do ex[#ex + 1] = jstr(e.name) end
  -- Every ProtoField by id: the host formats items from these.
  local fd = {}
  for i, f in ipairs(allfields) do
    local vs = {}
    if type(f.vs) == "table" then
      for k, v in pairs(f.vs) do if mtype(k) == "integer" then vs[#vs + 1] = "[" .. k .. "," .. jstr(tostring(v)) .. "]" end end
    end
    fd[i] = "[" .. jstr(f.abbr) .. "," .. jstr(tostring(f.name)) .. "," .. jstr(f.ftype) .. "," .. (mtype(f.base) and f.base or 1) .. "," ..
      (mtype(f.mask) and f.mask or "null") .. ",[" .. tconcat(vs, ",") .. "]]"
  end
  return "{\"protos\":[" .. tconcat(out, ",") .. "],\"ports\":[" .. tconcat(ps, ",") .. "],\"heuristics\":[" .. tconcat(hs, ",") ..
    "],\"post\":[" .. tconcat(po, ",") .. "],\"extractors\":[" .. tconcat(ex, ",") .. "],\"fieldDefs\":[" .. tconcat(fd, ",") .. "]}"
end

-- One call: kind 1 = protocol dissector i, 2 = heuristic i, 3 = post-dissector i; the packet's metadata
-- as plain arguments (transport 0 none, 1 tcp, 2 udp). Returns ret, desegment_len, desegment_offset and
-- a JSON text of the columns and tree items (nil when the call set neither). The metadata table, Pinfo
-- and the root tree item are reused across calls: a call allocates only what the dissector itself makes.
local M = {}
local PINFO = setmetatable({ m = M }, Pinfo)
local ROOT = setmetatable({ id = 0 }, Tree)
local EMPTY = {}
local CUR = { items = nil, cols = EMPTY, empty = EMPTY, dlen = 0, doff = 0, meta = M }
local function call(kind, i, data, number, src, dst, sport, dport, candes, transport, stream)
  M.number, M.srcaddr, M.dstaddr, M.sport, M.dport, M.can_desegment = number, src, dst, sport, dport, candes
  local v6 = sfind(src, ":", 1, true) ~= nil
  M.src, M.dst = (not v6) and src ~= "" and src or nil, (not v6) and dst ~= "" and dst or nil
  M.src6, M.dst6 = v6 and src or nil, v6 and dst or nil
  local tcp, udp = transport == 1, transport == 2
  M.tsp, M.tdp, M.tstream = tcp and sport or nil, tcp and dport or nil, tcp and stream or nil
  M.usp, M.udp_, M.ustream = udp and sport or nil, udp and dport or nil, udp and stream or nil
  local pr = src ~= "" and (tcp and 6 or udp and 17) or nil
  M.ipproto4, M.ipproto6 = (not v6) and pr or nil, v6 and pr or nil
  CUR.items, CUR.cols, CUR.dlen, CUR.doff = {}, EMPTY, 0, 0
  cur = CUR
  local fn
  if kind == 1 then fn = protos[i]._dissector elseif kind == 2 then fn = heur[i].fn else fn = post[i]._dissector end
  local ret = fn(new_tvb(data, 0), PINFO, ROOT)
  cur = nil
  local r
  if ret == nil or ret == true then r = #data
  elseif ret == false then r = 0
  elseif mtype(ret) == "integer" then r = ret
  elseif type(ret) == "number" then r = math.floor(ret)
  else r = #data end
  local its, cols = CUR.items, CUR.cols
  CUR.items = nil
  if #its == 0 and cols == EMPTY then return r, CUR.dlen, CUR.doff, nil end
  local items = {}
  for k = 1, #its do
    local it = its[k]
    local v, a, b, c = rawget(it, "v"), rawget(it, 8), rawget(it, 9), rawget(it, 10)
    items[k] = "[" .. it[1] .. "," .. it[2] .. "," .. it[3] .. "," .. it[4] .. "," .. it[5] .. "," .. it[6] .. "," ..
      (v == nil and "null" or jval(v)) .. "," .. (a and jstr(a) or "null") .. "," .. (b and jstr(b) or "null") .. "," .. (c and jstr(c) or "null") .. "]"
  end
  return r, CUR.dlen, CUR.doff, "{\"protocol\":" .. jval(cols.protocol) .. ",\"info\":" .. jval(cols.info) .. ",\"items\":[" .. tconcat(items, ",") .. "]}"
end
__ww_call = call

function __ww_init()
  for _, p in ipairs(protos) do local f = rawget(p, "_init") if f then f() end end
end

bit = setmetatable({
  band = function(a, ...) for _, b in ipairs({ ... }) do a = a & b end return a end,
  bor = function(a, ...) for _, b in ipairs({ ... }) do a = a | b end return a end,
  bxor = function(a, ...) for _, b in ipairs({ ... }) do a = a ~ b end return a end,
  bnot = function(a) return ~a & 0xffffffff end,
  lshift = function(a, n) return (a << n) & 0xffffffff end,
  rshift = function(a, n) return (a & 0xffffffff) >> n end,
  tohex = function(a, n) return sfmt("%0" .. (n or 8) .. "x", a & 0xffffffff) end,
}, { __index = strict("bit.") })
function set_plugin_info() end
function print() end
function get_version() return "4.0.17" end

-- Globals: the sandbox's missing libraries and Wireshark APIs outside the subset fail loudly.
local sandboxed = { io = true, os = true, require = true, dofile = true, loadfile = true, load = true, loadstring = true, package = true,
  debug = true, collectgarbage = true, module = true }
local wireshark = {}
for n in ([[Dissector Listener Dir File FileHandler FrameInfo CaptureInfo DumpHandler Dumper PseudoHeader PrivateTable GUI
  register_menu new_dialog TextWindow ProgDlg browser_open_url gui_enabled Pref Prefs ProtoExpert expert register_stat_cmd_arg
  retap_packets reload_packets NSTime Int64 UInt64 ByteArray Struct Address Column Columns Pinfo Tvb TvbRange TreeItem
  register_filehandler deregister_filehandler all_field_infos register_codec Proto_expert DissectorTable_heuristic
  datafile_path persconffile_path running_superuser format_date format_time report_failure critical warn message info debug
  copy_to_clipboard open_capture_file get_filter set_filter apply_filter set_color_filter_slot reload_lua_plugins
  Field_list Dissector_list]]):gmatch("%S+") do wireshark[n] = true end
setmetatable(_G, {
  __index = function(_, k)
    if sandboxed[k] then error(sfmt("'%s' is not available in the Wirewho Lua sandbox (no files, processes, modules or network)", k), 2) end
    if wireshark[k] then error(sfmt(unsupported_msg, k), 2) end
    return nil
  end,
})
`;
