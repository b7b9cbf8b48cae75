-- Print the 95th percentile next to wrk's own 50/75/90/99 table.
done = function(summary, latency, requests)
   io.write(string.format("    95%%  %.2fms\n", latency:percentile(95) / 1000))
end
