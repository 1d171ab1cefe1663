module webstack/bench/go-hello

go 1.19
