-- 90% GET /users/{id} (random seeded id), 10% POST /users (a new unique email) (wrk -s).
local here = debug.getinfo(1, "S").source:match("^@(.-)[^/]*$")
dofile(here .. "new-user.lua")
local token = os.getenv("TOKEN")
local first = tonumber(os.getenv("FIRST") or "1")
local users = tonumber(os.getenv("USERS") or "100")
local requests = 0

init = function()
  math.randomseed(os.time() + (tid or 0))
end

request = function()
  requests = requests + 1
  if requests % 10 == 0 then
    return new_user()
  end
  return wrk.format("GET", "/users/" .. math.random(first, users), { ["Authorization"] = "Bearer " .. token })
end

-- The JSON summary of the run (done), from beside this script.
dofile(here .. "summary.lua")
