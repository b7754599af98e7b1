-- wrk script (bench/status_wrk.sh): GET /api/v1/status/{code} for the seal codes listed in the
-- file named by the first script argument, one after the other on each connection.
local paths = {}
local position = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = "/api/v1/status/" .. line end
  end
  if #paths == 0 then error("no seal codes in " .. args[1]) end
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
