-- Evaluates many display filters in one tshark pass: one tap (Listener) per filter.
-- Filters come one per line from $WW_FILTERS; "<index>\t<frame number>" lines go to $WW_OUT, and
-- "E\t<index>\t<message>" for a filter tshark rejects.
local filters = {}
for line in io.lines(os.getenv("WW_FILTERS")) do filters[#filters + 1] = line end
local out = assert(io.open(os.getenv("WW_OUT"), "w"))
for i, f in ipairs(filters) do
  local ok, l = pcall(Listener.new, nil, f)
  if not ok then
    out:write("E\t", i, "\t", tostring(l):gsub("\n", " "), "\n")
  else
    function l.packet(pinfo) out:write(i, "\t", pinfo.number, "\n") end
  end
end
