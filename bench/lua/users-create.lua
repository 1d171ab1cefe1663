-- POST /users with a new unique email each time (wrk -s): registration, bound by bcrypt.
local here = debug.getinfo(1, "S").source:match("^@(.-)[^/]*$")
dofile(here .. "new-user.lua")

request = new_user

-- The JSON summary of the run (done), from beside this script.
dofile(here .. "summary.lua")
