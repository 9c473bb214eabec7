-- crap: a length-prefixed protocol on TCP port 1337, written for Wirewho against Wireshark's
-- documented Lua API (the desegmentation pattern of Wireshark's Lua dissector examples), so the same
-- file runs in tshark: tshark -X lua_script:crap.lua -r capture.pcapng
--   magic   4 bytes  "crap"
--   length  4 bytes  big-endian payload length
--   payload length bytes
local crap = Proto("crap", "CRAP Protocol")

local f_magic = ProtoField.string("crap.magic", "Magic")
local f_length = ProtoField.uint32("crap.length", "Length", base.DEC)
local f_payload = ProtoField.bytes("crap.payload", "Payload")
crap.fields = { f_magic, f_length, f_payload }

local HEADER = 8

-- Dissects one message at offset; returns its length, or a negative number of missing bytes
-- (DESEGMENT_ONE_MORE_SEGMENT when the header itself is incomplete), or 0 when it is not a message.
local function dissect_one(tvb, pinfo, tree, offset)
  local rest = tvb:len() - offset
  if rest < HEADER then return -DESEGMENT_ONE_MORE_SEGMENT end
  if tvb(offset, 4):string() ~= "crap" then return 0 end
  local length = tvb(offset + 4, 4):uint()
  if rest < HEADER + length then return -((HEADER + length) - rest) end

  local subtree = tree:add(crap, tvb(offset, HEADER + length))
  subtree:add(f_magic, tvb(offset, 4))
  subtree:add(f_length, tvb(offset + 4, 4))
  if length > 0 then subtree:add(f_payload, tvb(offset + HEADER, length)) end
  subtree:append_text(", Len: " .. length)
  return HEADER + length
end

function crap.dissector(tvb, pinfo, tree)
  local total = tvb:len()
  local offset = 0
  local count = 0
  while offset < total do
    local n = dissect_one(tvb, pinfo, tree, offset)
    if n > 0 then
      offset = offset + n
      count = count + 1
    elseif n == 0 then
      -- Not a crap message: reject the buffer when nothing was found, else stop here.
      if count == 0 then return 0 end
      return offset
    else
      pinfo.desegment_offset = offset
      if n == -DESEGMENT_ONE_MORE_SEGMENT then
        pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
      else
        pinfo.desegment_len = -n
      end
      if count > 0 then
        pinfo.cols.protocol = "CRAP"
        pinfo.cols.info = count .. " message(s)"
      end
      return total
    end
  end
  pinfo.cols.protocol = "CRAP"
  pinfo.cols.info = count .. " message(s)"
  return offset
end

DissectorTable.get("tcp.port"):add(1337, crap)
