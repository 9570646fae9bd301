module fluxts/bench/render

go 1.19
