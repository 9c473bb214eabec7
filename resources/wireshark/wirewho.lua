-- wirewho.lua: Wireshark post-dissector for the process metadata Wirewho writes into exported pcapng
-- files (and ptcpdump writes into its captures): EPB comments made of "Key: value" lines.
--
-- Fields:   wirewho.pid, wirewho.ppid, wirewho.tid, wirewho.uid, wirewho.cmd, wirewho.args, wirewho.user
-- Aliases:  tcpshark.pid, tcpshark.cmd, tcpshark.args, so display filters written for tcpshark work
--           (tcpshark.cmd is the process name, i.e. the last path element of "Cmd", as tcpshark sets it).
--
-- Install: copy this file into Wireshark's personal Lua plugins folder (Help > About Wireshark >
-- Folders > Personal Lua Plugins; on Linux ~/.local/lib/wireshark/plugins/), or load it once with
--   tshark -X lua_script:wirewho.lua -r export.pcapng -Y 'wirewho.pid == 1234'
-- If tcpshark's own tcpshark.lua is loaded too, the tcpshark aliases are left to it.

local wirewho = Proto("wirewho", "Wirewho process")
local f = {
  pid  = ProtoField.uint32("wirewho.pid",  "PID"),
  ppid = ProtoField.uint32("wirewho.ppid", "Parent PID"),
  tid  = ProtoField.uint32("wirewho.tid",  "Thread ID"),
  uid  = ProtoField.uint32("wirewho.uid",  "User ID"),
  cmd  = ProtoField.string("wirewho.cmd",  "Command"),
  args = ProtoField.string("wirewho.args", "Arguments"),
  user = ProtoField.string("wirewho.user", "User"),
}
wirewho.fields = { f.pid, f.ppid, f.tid, f.uid, f.cmd, f.args, f.user }

-- tcpshark's protocol name may already be taken (tcpshark.lua loaded): then no aliases.
local alias, af
local ok = pcall(function()
  alias = Proto("tcpshark", "TCPShark process (Wirewho alias)")
  af = {
    pid  = ProtoField.int32("tcpshark.pid",   "PID"),
    cmd  = ProtoField.string("tcpshark.cmd",  "Command"),
    args = ProtoField.string("tcpshark.args", "Arguments"),
  }
  alias.fields = { af.pid, af.cmd, af.args }
end)
if not ok then alias = nil end

local comment_field = Field.new("frame.comment")

-- "Key: value" lines of every comment of the frame; later values win, as ptcpdump's reader does.
local function parse(comments)
  local kv = {}
  local found = false
  for _, fi in ipairs(comments) do
    local text = tostring(fi.value)
    for line in string.gmatch(text, "[^\n]+") do
      local key, value = string.match(line, "^%s*([%w]+)%s*:%s*(.-)%s*$")
      if key ~= nil then
        kv[key] = value
        found = true
      end
    end
  end
  return found and kv or nil
end

local function number(v)
  if v == nil or not string.match(v, "^%d+$") then return nil end
  local n = tonumber(v)
  if n == nil or n > 4294967295 then return nil end
  return n
end

function wirewho.dissector(tvb, pinfo, tree)
  local comments = { comment_field() }
  if #comments == 0 then return end
  local kv = parse(comments)
  if kv == nil then return end
  local pid = number(kv["PID"])
  if pid == nil or pid == 0 then return end
  local cmd = kv["Cmd"] or kv["Command"]
  local args = kv["Args"]
  local ppid = number(kv["ParentPID"])
  local tid = number(kv["ThreadId"] or kv["TID"])
  local uid = number(kv["UserId"])
  local user = kv["User"] or kv["UserId"]

  local t = tree:add(wirewho, string.format("Wirewho process, PID %d%s", pid, cmd and (" (" .. cmd .. ")") or ""))
  t:add(f.pid, pid):set_generated()
  if ppid then t:add(f.ppid, ppid):set_generated() end
  if tid then t:add(f.tid, tid):set_generated() end
  if uid then t:add(f.uid, uid):set_generated() end
  if cmd then t:add(f.cmd, cmd):set_generated() end
  if args then t:add(f.args, args):set_generated() end
  if user then t:add(f.user, user):set_generated() end

  if alias ~= nil and pid <= 2147483647 then
    local a = tree:add(alias, string.format("Tcpshark, pid: %d", pid))
    a:add(af.pid, pid):set_generated()
    if cmd then a:add(af.cmd, string.match(cmd, "([^/\\]+)$") or cmd):set_generated() end
    if args then a:add(af.args, args):set_generated() end
  end
end

register_postdissector(wirewho)
if alias ~= nil then
  -- The alias protocol only adds fields from wirewho's post-dissector; it dissects nothing itself.
  function alias.dissector() end
end
