;; Hostile: allocates without bound (16 pages at a time) and traps once the engine refuses to grow.
;; Stopped by the memory limit.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $more
      (if (i32.eq (memory.grow (i32.const 16)) (i32.const -1)) (then unreachable))
      (br $more))))
