alltrue([b, true]) == anytrue([false, n > 1])
