-- POST /users with a new unique email each time (wrk -s): registration, bound by bcrypt.
local run = os.getenv("RUN_ID") or tostring(os.time())
local counter = 0
local thread_id = 0

setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

request = function()
  counter = counter + 1
  local body = string.format('{"email":"bench-%s-%d-%d@example.com","name":"Bench","password":"bench password"}',
    run, tid or 0, counter)
  return wrk.format("POST", "/users", { ["Content-Type"] = "application/json" }, body)
end

-- The JSON summary of the run (done), from beside this script.
dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "summary.lua")
