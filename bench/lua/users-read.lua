-- GET /users/{id} for a random seeded id in FIRST..USERS, with a bearer token (wrk -s).
local token = os.getenv("TOKEN")
local first = tonumber(os.getenv("FIRST") or "1")
local users = tonumber(os.getenv("USERS") or "100")
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/users/" .. math.random(first, users), { ["Authorization"] = "Bearer " .. token })
end

-- The JSON summary of the run (done), from beside this script.
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "summary.lua")
