-- GETs cycling through the paths given after wrk's "--" (wrk -s paths.lua URL -- /Hello/100 /json),
-- each connection starting at another one; with the JSON summary line at the end (summary.lua).
-- bench/rolling-restart's load.
local paths = {}
local next_path = 1

init = function(args)
  for _, path in ipairs(args) do paths[#paths + 1] = path end
  if #paths == 0 then paths[1] = "/" end
end

request = function()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format("GET", path)
end

-- The JSON summary of the run (done), from beside this script.
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "summary.lua")
