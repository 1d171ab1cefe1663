-- GET /users?skip=N&limit=10, N random within the seeded users, with a bearer token (wrk -s).
local token = os.getenv("TOKEN")
local users = tonumber(os.getenv("USERS") or "100")
local first = tonumber(os.getenv("FIRST") or "1")
math.randomseed(os.time())

request = function()
  local skip = math.random(0, math.max(0, users - first + 1 - 10))
  return wrk.format("GET", "/users?skip=" .. skip .. "&limit=10", { ["Authorization"] = "Bearer " .. token })
end

-- The JSON summary of the run (done), from beside this script.
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "summary.lua")
