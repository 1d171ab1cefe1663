-- 90% GET /users/{id} (random seeded id), 10% POST /users (a new unique email) (wrk -s).
local token = os.getenv("TOKEN")
local first = tonumber(os.getenv("FIRST") or "1")
local users = tonumber(os.getenv("USERS") or "100")
local run = os.getenv("RUN_ID") or tostring(os.time())
local counter = 0
local thread_id = 0

setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

init = function()
  math.randomseed(os.time() + (tid or 0))
end

request = function()
  counter = counter + 1
  if counter % 10 == 0 then
    local body = string.format('{"email":"bench-%s-%d-%d@example.com","name":"Bench","password":"bench password"}',
      run, tid or 0, counter)
    return wrk.format("POST", "/users", { ["Content-Type"] = "application/json" }, body)
  end
  return wrk.format("GET", "/users/" .. math.random(first, users), { ["Authorization"] = "Bearer " .. token })
end

-- The JSON summary of the run (done), from beside this script.
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "summary.lua")
