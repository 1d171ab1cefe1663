-- GET /users/{id} for a random id in 1..USERS, with a bearer token (wrk -s).
local token = os.getenv("TOKEN")
local users = tonumber(os.getenv("USERS") or "100")
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/users/" .. math.random(1, users), { ["Authorization"] = "Bearer " .. token })
end
