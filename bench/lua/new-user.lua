-- A registration with a new unique email each time, for the scripts that POST /users (wrk -s):
-- setup numbers the threads; new_user() gives the next request of the calling thread.
local run = os.getenv("RUN_ID") or tostring(os.time())
local counter = 0
local thread_id = 0

setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function new_user()
  counter = counter + 1
  local body = string.format('{"email":"bench-%s-%d-%d@example.com","name":"Bench","password":"bench password"}',
    run, tid or 0, counter)
  return wrk.format("POST", "/users", { ["Content-Type"] = "application/json" }, body)
end
